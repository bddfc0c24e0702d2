#include "pipeline/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {
namespace {

constexpr char kTextContentType[] = "text/plain; charset=utf-8";

// Serves a probe: 200 "ok", or 503 with the check's reason.
void ServeCheck(const HealthCheck& check, httplib::Response& res) {
  absl::Status status = check ? check() : absl::OkStatus();
  if (status.ok()) {
    res.status = 200;
    res.set_content("ok\n", kTextContentType);
  } else {
    res.status = 503;
    res.set_content(absl::StrCat(status.message().empty() ? "not ok" : status.message(), "\n"),
                    kTextContentType);
  }
}

}  // namespace

class HttpServer::Impl {
 public:
  explicit Impl(HttpServerOptions options) : options_(std::move(options)) {}
  ~Impl() { Stop(); }

  absl::StatusOr<int> Start(std::string_view host, int port) {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) return absl::FailedPreconditionError("HTTP server already started");
    if (port < 0 || port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("HTTP port ", port, " is not in 0..65535"));
    }
    try {
      if (!configured_) {
        Configure();
        configured_ = true;
      }
      const std::string h(host);
      int bound = port;
      if (port == 0) {
        bound = server_.bind_to_any_port(h);
      } else if (!server_.bind_to_port(h, port)) {
        bound = -1;
      }
      if (bound <= 0) {
        return absl::UnavailableError(
            absl::StrCat("cannot listen on ", h, ":", port, " (address in use or not local?)"));
      }
      port_ = bound;
      thread_ = std::thread([this] {
        try {
          server_.listen_after_bind();
        } catch (...) {
          // Nothing to report to: Stop() still joins, and probes then fail,
          // which is what an orchestrator should see.
        }
        listen_returned_.store(true);
      });
      // httplib's stop() only works once the accept loop runs; waiting here
      // means a Stop() right after Start() cannot miss it.
      while (!server_.is_running() && !listen_returned_.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      started_ = true;
      return bound;
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat("HTTP server: ", e.what()));
    } catch (...) {
      return absl::InternalError("HTTP server: unknown exception");
    }
  }

  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) return;
    try {
      server_.stop();
    } catch (...) {
      // stop() closes a socket; nothing useful can be done if that throws.
    }
    thread_.join();
    port_ = 0;
  }

  int port() const {
    std::lock_guard<std::mutex> lock(mu_);
    return port_;
  }

 private:
  void Configure() {
    const int threads = options_.threads > 0 ? options_.threads : 1;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Bounds how long Stop() waits for an idle keep-alive connection.
    server_.set_keep_alive_timeout(1);
    server_.set_read_timeout(5, 0);
    server_.set_write_timeout(5, 0);
    server_.set_payload_max_length(64 * 1024);
    // httplib's default also sets SO_REUSEPORT, which would let a second
    // process silently share the port; a port clash must fail Start().
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });

    server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(options_.metrics != nullptr ? options_.metrics->Render() : std::string(),
                      kPrometheusContentType);
    });
    server_.Get("/livez", [this](const httplib::Request&, httplib::Response& res) {
      ServeCheck(options_.liveness, res);
    });
    server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      ServeCheck(options_.readiness, res);
    });
    // Called for every status >= 400; keeps the 503 reasons, fills the rest.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          res.set_content(res.status == 404 ? "not found\n" : "error\n", kTextContentType);
          return httplib::Server::HandlerResponse::Handled;
        }));
    server_.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          res.status = 500;
          res.set_content("internal error\n", kTextContentType);
        });
  }

  HttpServerOptions options_;
  mutable std::mutex mu_;
  httplib::Server server_;
  std::thread thread_;
  // Set by the server thread when its accept loop has ended.
  std::atomic<bool> listen_returned_{false};
  int port_ = 0;
  bool started_ = false;
  bool configured_ = false;  // routes are added once, even if a bind fails
};

HttpServer::HttpServer(HttpServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<int> HttpServer::Start(std::string_view host, int port) {
  return impl_->Start(host, port);
}

int HttpServer::port() const { return impl_->port(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace wirelens::pipeline
