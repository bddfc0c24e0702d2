// File: config.h
//
// Self-documenting command-line configuration (STYLE.md, habit 6). Every
// option has one definition (FlagDef) giving its name, type, default, unit
// and help text. From that one definition come the `--name=value` flag, the
// `WIRELENS_NAME` environment variable (for Kubernetes), the `--help` text
// and the generated reference docs, so they cannot drift apart.
//
// Precedence: command-line flag > environment variable > default.
// Prefixed pass-through options (`--kafka.<property>=<value>`) are collected
// unchanged for the library they belong to.
//
// A FlagSet is built and parsed once at startup on one thread, and read-only
// afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace wirelens::pipeline {

enum class FlagType {
  kString,
  kInt,       // signed 64-bit decimal
  kBool,      // true/false/1/0/yes/no; `--name` alone means true
  kDuration,  // absl duration syntax: "30s", "1.5m", "250ms"
  kList,      // comma-separated strings
  kEnum,      // one of `choices`
  kTime,      // RFC 3339 timestamp, e.g. 2026-11-24T09:30:00Z
};

struct FlagDef {
  std::string name;           // "input-format"; the flag is --input-format
  FlagType type = FlagType::kString;
  std::string default_value;  // as it would be written on the command line
  std::string help;           // one or two sentences
  std::string unit;           // "bytes", "seconds"... ("" if none)
  std::vector<std::string> choices;  // for kEnum
  bool env = true;            // also read WIRELENS_<NAME>

  // WIRELENS_INPUT_FORMAT for "input-format".
  std::string EnvName() const;
};

// A prefix whose options pass through unchanged, e.g. "kafka." for
// `--kafka.bootstrap.servers=...`. Environment form:
// WIRELENS_KAFKA_<PROPERTY> with '.' written as '_' (e.g.
// WIRELENS_KAFKA_SASL_MECHANISMS=PLAIN → sasl.mechanisms).
struct PassthroughDef {
  std::string prefix;  // "kafka."
  std::string help;
};

// Looks up an environment variable; nullopt when unset. Injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

class FlagSet {
 public:
  FlagSet(std::string command, std::string usage, std::string summary, std::vector<FlagDef> flags,
          std::vector<PassthroughDef> passthrough = {});

  // Parses `args` (without the program and command names). Positional
  // arguments are kept in order; "--" ends flag parsing. Errors
  // (InvalidArgument): unknown flag, missing value, a value that does not
  // parse as the flag's type, a value outside `choices`. `--help` sets
  // help_requested() and succeeds.
  absl::Status Parse(const std::vector<std::string>& args, const EnvLookup& env = ProcessEnv());

  // Typed access to a defined flag (defaults applied). Accessing an
  // undefined flag or the wrong type is a programming error and aborts.
  std::string GetString(std::string_view name) const;
  int64_t GetInt(std::string_view name) const;
  bool GetBool(std::string_view name) const;
  absl::Duration GetDuration(std::string_view name) const;
  std::vector<std::string> GetList(std::string_view name) const;
  // nullopt when the flag is empty.
  std::optional<absl::Time> GetTime(std::string_view name) const;
  // True if given on the command line or in the environment.
  bool IsSet(std::string_view name) const;

  const std::vector<std::string>& positional() const { return positional_; }
  // Pass-through options for `prefix`, keys without the prefix.
  std::map<std::string, std::string> Passthrough(std::string_view prefix) const;
  bool help_requested() const { return help_requested_; }

  // --help text.
  std::string Help() const;
  // Markdown reference table (flag, env, type, default, help).
  std::string Markdown() const;

  const std::string& command() const { return command_; }
  const std::vector<FlagDef>& flags() const { return flags_; }

 private:
  const FlagDef* Find(std::string_view name) const;
  const FlagDef& Require(std::string_view name, FlagType type) const;
  absl::Status Set(const FlagDef& def, std::string value, std::string_view origin);

  std::string command_;
  std::string usage_;
  std::string summary_;
  std::vector<FlagDef> flags_;
  std::vector<PassthroughDef> passthrough_defs_;
  std::map<std::string, std::string, std::less<>> values_;  // only set ones
  std::map<std::string, std::map<std::string, std::string>, std::less<>> passthrough_;
  std::vector<std::string> positional_;
  bool help_requested_ = false;
};

// Validates `value` against `type` (and `choices` for kEnum).
absl::Status ValidateFlagValue(const FlagDef& def, std::string_view value);

}  // namespace wirelens::pipeline
