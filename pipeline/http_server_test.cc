#include "pipeline/http_server.h"

#include <httplib.h>

#include <atomic>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;

constexpr char kHost[] = "127.0.0.1";

httplib::Client ClientFor(int port) {
  httplib::Client client(kHost, port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(5, 0);
  return client;
}

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    metrics_.GetCounter("wirelens_test_events_total", "Events seen by the test.").Increment(3);
    HttpServerOptions options;
    options.metrics = &metrics_;
    options.liveness = [this] {
      return alive_.load() ? absl::OkStatus() : absl::UnavailableError("worker loop exited");
    };
    options.readiness = [this] {
      return ready_.load() ? absl::OkStatus() : absl::UnavailableError("loading models");
    };
    server_ = std::make_unique<HttpServer>(std::move(options));
  }

  int StartOrDie() {
    absl::StatusOr<int> port = server_->Start(kHost, 0);
    EXPECT_TRUE(port.ok()) << port.status();
    return port.value_or(0);
  }

  MetricsRegistry metrics_;
  std::atomic<bool> alive_{true};
  std::atomic<bool> ready_{false};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, ServesMetricsInPrometheusFormat) {
  const int port = StartOrDie();
  ASSERT_GT(port, 0);
  EXPECT_EQ(server_->port(), port);
  httplib::Client client = ClientFor(port);
  httplib::Result res = client.Get("/metrics");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), kPrometheusContentType);
  EXPECT_THAT(res->body, HasSubstr("# TYPE wirelens_test_events_total counter\n"));
  EXPECT_THAT(res->body, HasSubstr("\nwirelens_test_events_total 3\n"));

  // Scrapes see updates.
  metrics_.GetCounter("wirelens_test_events_total", "Events seen by the test.").Increment();
  res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("\nwirelens_test_events_total 4\n"));
}

TEST_F(HttpServerTest, LivenessFollowsItsCheck) {
  httplib::Client client = ClientFor(StartOrDie());
  httplib::Result res = client.Get("/livez");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ok\n");

  alive_ = false;
  res = client.Get("/livez");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->body, "worker loop exited\n");
}

TEST_F(HttpServerTest, ReadinessReports503WithReasonUntilReady) {
  httplib::Client client = ClientFor(StartOrDie());
  httplib::Result res = client.Get("/readyz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->body, "loading models\n");
  EXPECT_THAT(res->get_header_value("Content-Type"), HasSubstr("text/plain"));

  ready_ = true;
  res = client.Get("/readyz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ok\n");
}

TEST_F(HttpServerTest, UnknownPathsAndMethodsAre404) {
  httplib::Client client = ClientFor(StartOrDie());
  httplib::Result res = client.Get("/metrics/extra");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->body, "not found\n");

  res = client.Post("/readyz", "x", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(HttpServerTest, HeadWorksLikeGetWithoutBody) {
  httplib::Client client = ClientFor(StartOrDie());
  httplib::Result res = client.Head("/livez");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->body.empty());
}

TEST_F(HttpServerTest, UnsetChecksAndRegistryStillServe) {
  HttpServer bare({});
  absl::StatusOr<int> port = bare.Start(kHost, 0);
  ASSERT_TRUE(port.ok()) << port.status();
  httplib::Client client = ClientFor(*port);
  httplib::Result res = client.Get("/readyz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "");
}

TEST_F(HttpServerTest, StartTwiceFails) {
  StartOrDie();
  EXPECT_EQ(server_->Start(kHost, 0).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(HttpServerTest, PortInUseIsUnavailable) {
  const int port = StartOrDie();
  HttpServer second({});
  EXPECT_EQ(second.Start(kHost, port).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(HttpServerTest, RejectsBadPortAndBadHost) {
  EXPECT_EQ(server_->Start(kHost, 70000).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server_->Start(kHost, -1).status().code(), absl::StatusCode::kInvalidArgument);
  // 192.0.2.0/24 (TEST-NET-1) is never a local address.
  EXPECT_EQ(server_->Start("192.0.2.1", 0).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(HttpServerTest, StopClosesTheListenerAndIsIdempotent) {
  const int port = StartOrDie();
  server_->Stop();
  server_->Stop();
  EXPECT_EQ(server_->port(), 0);
  httplib::Client client = ClientFor(port);
  EXPECT_FALSE(client.Get("/livez"));
}

TEST_F(HttpServerTest, StopBeforeStartIsHarmless) {
  server_->Stop();
  EXPECT_EQ(server_->port(), 0);
}

}  // namespace
}  // namespace wirelens::pipeline
