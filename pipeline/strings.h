// File: strings.h
//
// Debian 12's Abseil is built with its own absl::string_view
// (ABSL_OPTION_USE_STD_STRING_VIEW is 0), which does not convert to or from
// std::string_view. wirelens uses std::string_view in its own interfaces and
// converts at the boundary with these two functions. Both are free (no copy).
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace wirelens {

inline absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view AsStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace wirelens
