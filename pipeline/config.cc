#include "pipeline/config.h"

#include <unistd.h>  // environ

#include <cstdlib>

#include "pipeline/check.h"
#include "pipeline/strings.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace wirelens::pipeline {
namespace {

std::string_view TypeName(FlagType type) {
  switch (type) {
    case FlagType::kString: return "string";
    case FlagType::kInt: return "int";
    case FlagType::kBool: return "bool";
    case FlagType::kDuration: return "duration";
    case FlagType::kList: return "list";
    case FlagType::kEnum: return "enum";
    case FlagType::kTime: return "time";
  }
  return "?";
}

std::optional<bool> ParseBool(std::string_view v) {
  const std::string s = absl::AsciiStrToLower(std::string(v));
  if (s == "true" || s == "1" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return false;
  return std::nullopt;
}

std::string ToEnvSuffix(std::string_view name) {
  std::string env = absl::AsciiStrToUpper(std::string(name));
  for (char& c : env) {
    if (c == '-' || c == '.') c = '_';
  }
  return env;
}

}  // namespace

std::string FlagDef::EnvName() const { return absl::StrCat("WIRELENS_", ToEnvSuffix(name)); }

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

absl::Status ValidateFlagValue(const FlagDef& def, std::string_view value) {
  switch (def.type) {
    case FlagType::kString:
    case FlagType::kList:
      return absl::OkStatus();
    case FlagType::kInt: {
      int64_t v;
      if (!absl::SimpleAtoi(std::string(value), &v)) {
        return absl::InvalidArgumentError(absl::StrCat("--", def.name, ": '", AsAbsl(value), "' is not an integer"));
      }
      return absl::OkStatus();
    }
    case FlagType::kBool:
      if (!ParseBool(value)) {
        return absl::InvalidArgumentError(absl::StrCat("--", def.name, ": '", AsAbsl(value), "' is not a boolean"));
      }
      return absl::OkStatus();
    case FlagType::kDuration: {
      absl::Duration d;
      if (!absl::ParseDuration(std::string(value), &d) || d < absl::ZeroDuration()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--", def.name, ": '", AsAbsl(value), "' is not a duration (e.g. 30s, 250ms, 1.5m)"));
      }
      return absl::OkStatus();
    }
    case FlagType::kEnum:
      for (const std::string& c : def.choices) {
        if (c == value) return absl::OkStatus();
      }
      return absl::InvalidArgumentError(absl::StrCat("--", def.name, ": '", AsAbsl(value),
                                                     "' is not one of ", absl::StrJoin(def.choices, "|")));
    case FlagType::kTime: {
      if (value.empty()) return absl::OkStatus();
      absl::Time t;
      std::string err;
      if (!absl::ParseTime(absl::RFC3339_full, std::string(value), &t, &err)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--", def.name, ": '", AsAbsl(value), "' is not an RFC 3339 time (e.g. 2026-11-24T09:30:00Z)"));
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

FlagSet::FlagSet(std::string command, std::string usage, std::string summary,
                 std::vector<FlagDef> flags, std::vector<PassthroughDef> passthrough)
    : command_(std::move(command)),
      usage_(std::move(usage)),
      summary_(std::move(summary)),
      flags_(std::move(flags)),
      passthrough_defs_(std::move(passthrough)) {}

const FlagDef* FlagSet::Find(std::string_view name) const {
  for (const FlagDef& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FlagDef& FlagSet::Require(std::string_view name, FlagType type) const {
  const FlagDef* def = Find(name);
  WL_CHECK(def != nullptr) << "undefined flag --" << name;
  WL_CHECK(def->type == type || (type == FlagType::kString && def->type == FlagType::kEnum))
      << "flag --" << name << " read with the wrong type";
  return *def;
}

absl::Status FlagSet::Set(const FlagDef& def, std::string value, std::string_view origin) {
  if (absl::Status s = ValidateFlagValue(def, value); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(s.message(), " (from ", AsAbsl(origin), ")"));
  }
  values_[def.name] = std::move(value);
  return absl::OkStatus();
}

absl::Status FlagSet::Parse(const std::vector<std::string>& args, const EnvLookup& env) {
  // Environment first, so that flags override it.
  for (const FlagDef& def : flags_) {
    if (!def.env) continue;
    if (std::optional<std::string> v = env(def.EnvName()); v.has_value()) {
      if (absl::Status s = Set(def, *v, def.EnvName()); !s.ok()) return s;
    }
  }
  for (const PassthroughDef& p : passthrough_defs_) {
    // WIRELENS_KAFKA_SASL_MECHANISMS → sasl.mechanisms. Only names known to be
    // set can be looked up portably, so scan the process environment.
    const std::string env_prefix = absl::StrCat("WIRELENS_", ToEnvSuffix(p.prefix));
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      absl::string_view kv(*e);
      if (!absl::StartsWith(kv, env_prefix)) continue;
      const size_t eq = kv.find('=');
      if (eq == std::string_view::npos) continue;
      std::string key = absl::AsciiStrToLower(kv.substr(env_prefix.size(), eq - env_prefix.size()));
      for (char& c : key) {
        if (c == '_') c = '.';
      }
      if (std::optional<std::string> v = env(std::string(kv.substr(0, eq))); v.has_value()) {
        passthrough_[p.prefix][key] = *v;
      }
    }
  }

  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    absl::string_view body = arg;
    if (!absl::ConsumePrefix(&body, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unknown option '", arg, "' (flags are --name=value)"));
    }
    absl::string_view name = body;
    std::optional<std::string> value;
    if (const size_t eq = body.find('='); eq != std::string_view::npos) {
      name = body.substr(0, eq);
      value = std::string(body.substr(eq + 1));
    }
    bool handled = false;
    for (const PassthroughDef& p : passthrough_defs_) {
      if (absl::StartsWith(name, p.prefix) && name.size() > p.prefix.size()) {
        if (!value.has_value()) {
          if (i + 1 >= args.size()) {
            return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
          }
          value = args[++i];
        }
        passthrough_[p.prefix][std::string(name.substr(p.prefix.size()))] = *value;
        handled = true;
        break;
      }
    }
    if (handled) continue;
    const FlagDef* def = Find(AsStd(name));
    if (def == nullptr && absl::StartsWith(name, "no-")) {
      const FlagDef* neg = Find(AsStd(name.substr(3)));
      if (neg != nullptr && neg->type == FlagType::kBool && !value.has_value()) {
        if (absl::Status s = Set(*neg, "false", arg); !s.ok()) return s;
        continue;
      }
    }
    if (def == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " for '", command_, "' (see --help)"));
    }
    if (!value.has_value()) {
      if (def->type == FlagType::kBool) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      }
    }
    if (absl::Status s = Set(*def, *std::move(value), "command line"); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string FlagSet::GetString(std::string_view name) const {
  const FlagDef& def = Require(name, FlagType::kString);
  auto it = values_.find(name);
  return it != values_.end() ? it->second : def.default_value;
}

int64_t FlagSet::GetInt(std::string_view name) const {
  const FlagDef& def = Require(name, FlagType::kInt);
  auto it = values_.find(name);
  int64_t v = 0;
  WL_CHECK(absl::SimpleAtoi(it != values_.end() ? it->second : def.default_value, &v));
  return v;
}

bool FlagSet::GetBool(std::string_view name) const {
  const FlagDef& def = Require(name, FlagType::kBool);
  auto it = values_.find(name);
  return ParseBool(it != values_.end() ? it->second : def.default_value).value_or(false);
}

absl::Duration FlagSet::GetDuration(std::string_view name) const {
  const FlagDef& def = Require(name, FlagType::kDuration);
  auto it = values_.find(name);
  absl::Duration d;
  WL_CHECK(absl::ParseDuration(it != values_.end() ? it->second : def.default_value, &d));
  return d;
}

std::vector<std::string> FlagSet::GetList(std::string_view name) const {
  const FlagDef& def = Require(name, FlagType::kList);
  auto it = values_.find(name);
  const std::string& raw = it != values_.end() ? it->second : def.default_value;
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(raw, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

std::optional<absl::Time> FlagSet::GetTime(std::string_view name) const {
  const FlagDef& def = Require(name, FlagType::kTime);
  auto it = values_.find(name);
  const std::string& raw = it != values_.end() ? it->second : def.default_value;
  if (raw.empty()) return std::nullopt;
  absl::Time t;
  std::string err;
  WL_CHECK(absl::ParseTime(absl::RFC3339_full, raw, &t, &err));
  return t;
}

bool FlagSet::IsSet(std::string_view name) const { return values_.find(name) != values_.end(); }

std::map<std::string, std::string> FlagSet::Passthrough(std::string_view prefix) const {
  auto it = passthrough_.find(prefix);
  return it == passthrough_.end() ? std::map<std::string, std::string>{} : it->second;
}

std::string FlagSet::Help() const {
  std::string out = absl::StrCat("usage: ", usage_, "\n\n", summary_, "\n\nflags:\n");
  for (const FlagDef& f : flags_) {
    std::string head = absl::StrCat("  --", f.name);
    if (f.type != FlagType::kBool) absl::StrAppend(&head, "=<", f.type == FlagType::kEnum ? absl::StrJoin(f.choices, "|") : std::string(TypeName(f.type)), ">");
    absl::StrAppend(&out, head, "\n      ", f.help);
    if (!f.unit.empty()) absl::StrAppend(&out, " Unit: ", f.unit, ".");
    absl::StrAppend(&out, "\n      default: ", f.default_value.empty() ? "(none)" : f.default_value);
    if (f.env) absl::StrAppend(&out, "   env: ", f.EnvName());
    absl::StrAppend(&out, "\n");
  }
  for (const PassthroughDef& p : passthrough_defs_) {
    absl::StrAppend(&out, "  --", p.prefix, "<property>=<value>\n      ", p.help, "\n      env: WIRELENS_",
                    ToEnvSuffix(p.prefix), "<PROPERTY> ('.' written as '_')\n");
  }
  return out;
}

std::string FlagSet::Markdown() const {
  std::string out = absl::StrCat("### `", usage_, "`\n\n", summary_, "\n\n",
                                 "| flag | environment | type | default | description |\n",
                                 "|---|---|---|---|---|\n");
  for (const FlagDef& f : flags_) {
    std::string type(TypeName(f.type));
    if (f.type == FlagType::kEnum) type = absl::StrJoin(f.choices, " \\| ");
    std::string help = f.help;
    if (!f.unit.empty()) absl::StrAppend(&help, " Unit: ", f.unit, ".");
    absl::StrAppend(&out, "| `--", f.name, "` | ", f.env ? absl::StrCat("`", f.EnvName(), "`") : "", " | ",
                    type, " | ", f.default_value.empty() ? "" : absl::StrCat("`", f.default_value, "`"),
                    " | ", help, " |\n");
  }
  for (const PassthroughDef& p : passthrough_defs_) {
    absl::StrAppend(&out, "| `--", p.prefix, "<property>` | `WIRELENS_", ToEnvSuffix(p.prefix),
                    "<PROPERTY>` | string | | ", p.help, " |\n");
  }
  return out;
}

}  // namespace wirelens::pipeline
