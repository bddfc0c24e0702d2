// File: check.h
//
// WL_CHECK(cond) << "message": aborts the process with the message when an
// invariant is broken (Debian 12's Abseil has no absl/log). Broken invariants
// are bugs: the process crashes and Kubernetes restarts it (STYLE.md).
#pragma once

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace wirelens::internal {

class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* cond) {
    stream_ << file << ":" << line << ": check failed: " << cond << " ";
  }
  [[noreturn]] ~CheckFailure() {
    std::cerr << stream_.str() << std::endl;
    std::abort();
  }
  std::ostream& stream() { return stream_; }

 private:
  std::ostringstream stream_;
};

// Lets `WL_CHECK(x) << ...` be a void expression in both branches.
struct Voidify {
  void operator&(std::ostream&) {}
};

}  // namespace wirelens::internal

#define WL_CHECK(cond)                 \
  (cond) ? (void)0                     \
         : ::wirelens::internal::Voidify() & \
               ::wirelens::internal::CheckFailure(__FILE__, __LINE__, #cond).stream()
