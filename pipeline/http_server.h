// File: http_server.h
//
// The worker's operations endpoints, for Prometheus and Kubernetes probes:
//
//   GET /metrics  200, the MetricsRegistry in Prometheus text format 0.0.4
//   GET /livez    200 "ok" while the liveness check passes, else 503 with
//                 the reason (Kubernetes restarts the pod)
//   GET /readyz   200 "ok" while the readiness check passes, else 503 with
//                 the reason (e.g. "loading models", "joining the consumer
//                 group"); Kubernetes stops routing to and counting on it
//   anything else 404; HEAD works wherever GET does.
//
// Built on cpp-httplib, which may throw; every call into it is wrapped here
// and its failures become a Status. The endpoints are read-only and
// unauthenticated: bind them to an interface only the cluster can reach.
//
// Lifecycle: construct with the checks and the registry, Start() once, Stop()
// (or destroy) once. The server runs on its own threads (one accepting, a
// small pool serving); the checks and MetricsRegistry::Render() are called on
// those threads, so they must be thread-safe. The registry is borrowed and
// must outlive the server.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pipeline/metrics.h"

namespace wirelens::pipeline {

inline constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// A probe: OK means healthy; otherwise the status message is the reason
// served with the 503.
using HealthCheck = std::function<absl::Status()>;

struct HttpServerOptions {
  // Not owned; may be null (then /metrics serves an empty body).
  const MetricsRegistry* metrics = nullptr;
  // Unset checks always pass.
  HealthCheck liveness;
  HealthCheck readiness;
  // Threads serving requests (a scrape and two probes at once is the norm).
  int threads = 2;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `host`:`port` (port 0 picks a free port) and starts serving.
  // Returns the bound port. Errors: InvalidArgument for a port outside
  // 0..65535; Unavailable when the address cannot be bound (in use, no such
  // interface); FailedPrecondition if already started; Internal if the
  // HTTP library fails otherwise.
  absl::StatusOr<int> Start(std::string_view host, int port);

  // The bound port once started, else 0.
  int port() const;

  // Stops accepting, finishes requests being served and joins the server's
  // threads. Idempotent; safe before Start(). Not async-signal-safe.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirelens::pipeline
