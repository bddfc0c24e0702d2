// File: status_macros.h
//
// RETURN_IF_ERROR and ASSIGN_OR_RETURN for absl::Status / absl::StatusOr.
// Debian 12's Abseil (20220623) does not ship them, so wirelens has its own.
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define WIRELENS_STATUS_CONCAT_INNER_(a, b) a##b
#define WIRELENS_STATUS_CONCAT_(a, b) WIRELENS_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the calling function if
// it is not OK.
#define RETURN_IF_ERROR(expr)                                  \
  do {                                                         \
    if (::absl::Status _wl_status = (expr); !_wl_status.ok()) { \
      return _wl_status;                                       \
    }                                                          \
  } while (0)

// `ASSIGN_OR_RETURN(lhs, expr)` evaluates `expr` (an absl::StatusOr<T>); on
// error returns its status, otherwise move-assigns the value to `lhs`, which
// may be a declaration (`auto x`, `const Foo& y` is not allowed).
#define ASSIGN_OR_RETURN(lhs, expr) \
  WIRELENS_ASSIGN_OR_RETURN_IMPL_(WIRELENS_STATUS_CONCAT_(_wl_statusor_, __LINE__), lhs, expr)

#define WIRELENS_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                    \
  if (!statusor.ok()) {                                      \
    return std::move(statusor).status();                     \
  }                                                          \
  lhs = std::move(statusor).value()
