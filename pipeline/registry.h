// File: registry.h
//
// The name -> factory registry of stages. The pipeline never names a stage:
// stages register themselves through RegisterBuiltinStages(), defined in
// stages/builtin_stages.cc, one line per stage.
//
// Thread-safety: registration happens at startup from one thread; afterwards
// the registry is read-only and safe to share.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/stage.h"

namespace wirelens::pipeline {

// Configuration handed to every stage factory.
struct StageConfig {
  // Root directory holding the committed models, laid out as in the source
  // tree (`<root>/stages/<name>/model/...`). See ResolveModelRoot().
  std::string model_root;
  // Free-form stage options ("<stage>.<key>=<value>" on the command line,
  // with the stage prefix removed).
  std::map<std::string, std::string, std::less<>> options;
};

// A command-line subcommand a stage contributes (e.g. `wirelens tag`), so that
// main() can offer it without naming the stage. Returns the exit code.
using StageCommand = std::function<int(const std::vector<std::string>& args, std::istream& in,
                                       std::ostream& out, std::ostream& err)>;

// Builds a stage: validates config, loads the model. Errors are fatal at
// startup.
using StageFactory = std::function<absl::StatusOr<std::unique_ptr<Stage>>(const StageConfig&)>;

class StageRegistry {
 public:
  // Registers `factory` under `name`, in chain order (the order stages run in
  // when a caller asks for "all"). Returns AlreadyExists for duplicates.
  absl::Status Register(std::string name, std::string description, StageFactory factory);

  // Builds the named stage. NotFound for an unknown name; otherwise whatever
  // the factory returns.
  absl::StatusOr<std::unique_ptr<Stage>> Create(std::string_view name,
                                                const StageConfig& config) const;

  // Registered names in registration (= default chain) order.
  std::vector<std::string> Names() const;
  // One-line description of a registered stage ("" if unknown).
  std::string Description(std::string_view name) const;
  bool Contains(std::string_view name) const;

  // Registers a subcommand of the `wirelens` binary. AlreadyExists for
  // duplicates.
  absl::Status RegisterCommand(std::string name, std::string description, StageCommand command);
  // The command named `name`, or nullptr.
  const StageCommand* FindCommand(std::string_view name) const;
  // (name, description) of every registered command, in registration order.
  std::vector<std::pair<std::string, std::string>> Commands() const;

 private:
  struct Entry {
    std::string name;
    std::string description;
    StageFactory factory;
  };
  std::vector<Entry> entries_;
  struct CommandEntry {
    std::string name;
    std::string description;
    StageCommand command;
  };
  std::vector<CommandEntry> commands_;
};

// Registers every stage built into this binary. Defined in stages/.
void RegisterBuiltinStages(StageRegistry& registry);

// Picks the model root: `flag_value` if non-empty, else $WIRELENS_MODEL_DIR,
// else `<dir of executable>/../share/wirelens` if it exists, else the source
// tree this binary was built from.
std::string ResolveModelRoot(std::string_view flag_value);

}  // namespace wirelens::pipeline
