// The `wirelens` binary: dispatches to its commands.
#include <iostream>
#include <string>
#include <vector>

#include "pipeline/enrich.h"
#include "pipeline/registry.h"

namespace {

constexpr char kUsage[] =
    "usage: wirelens <command> [flags]\n"
    "\n"
    "commands:\n"
    "  enrich   enrich articles from files or stdin, write Enrichments to stdout\n"
    "  stages   list the registered stages\n"
    "  version  print the version\n"
    "\n"
    "Run 'wirelens <command> --help' for the command's flags.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace wirelens::pipeline;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  StageRegistry registry;
  RegisterBuiltinStages(registry);

  if (command == "enrich") return EnrichCommand(args, registry, std::cin, std::cout, std::cerr);
  if (command == "stages") {
    for (const std::string& name : registry.Names()) {
      std::cout << name << "\t" << registry.Description(name) << "\n";
    }
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "wirelens " << WIRELENS_VERSION << "\n";
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "wirelens: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
