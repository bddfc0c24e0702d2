#include "pipeline/registry.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {

absl::Status StageRegistry::Register(std::string name, std::string description,
                                     StageFactory factory) {
  if (Contains(name)) return absl::AlreadyExistsError(absl::StrCat("stage '", name, "' registered twice"));
  entries_.push_back({std::move(name), std::move(description), std::move(factory)});
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Stage>> StageRegistry::Create(std::string_view name,
                                                             const StageConfig& config) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return e.factory(config);
  }
  std::string known;
  for (const Entry& e : entries_) absl::StrAppend(&known, known.empty() ? "" : ", ", e.name);
  return absl::NotFoundError(absl::StrCat("unknown stage '", AsAbsl(name), "' (known: ", known, ")"));
}

std::vector<std::string> StageRegistry::Names() const {
  std::vector<std::string> names;
  for (const Entry& e : entries_) names.push_back(e.name);
  return names;
}

std::string StageRegistry::Description(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return e.description;
  }
  return "";
}

bool StageRegistry::Contains(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return true;
  }
  return false;
}

absl::Status StageRegistry::RegisterCommand(std::string name, std::string description,
                                            StageCommand command) {
  if (FindCommand(name) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("command '", name, "' registered twice"));
  }
  commands_.push_back({std::move(name), std::move(description), std::move(command)});
  return absl::OkStatus();
}

const StageCommand* StageRegistry::FindCommand(std::string_view name) const {
  for (const CommandEntry& c : commands_) {
    if (c.name == name) return &c.command;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> StageRegistry::Commands() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const CommandEntry& c : commands_) out.emplace_back(c.name, c.description);
  return out;
}

std::string ResolveModelRoot(std::string_view flag_value) {
  if (!flag_value.empty()) return std::string(flag_value);
  if (const char* env = std::getenv("WIRELENS_MODEL_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "wirelens";
    if (std::filesystem::is_directory(installed / "stages", ec)) return installed.string();
  }
  return WIRELENS_SOURCE_MODEL_ROOT;
}

}  // namespace wirelens::pipeline
