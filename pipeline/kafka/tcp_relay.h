// File: tcp_relay.h
//
// TcpRelay: a small loopback TCP forwarder. It listens on 127.0.0.1:<port>
// and pipes every accepted connection, byte for byte in both directions, to
// the first of its targets that accepts a connection. EmbeddedBroker uses it
// to give librdkafka's mock cluster (which only binds ephemeral ports) a
// fixed, well-known bootstrap port; it knows nothing about Kafka.
//
// It is meant for tens of connections, not thousands: each connection costs
// two threads, each blocked in read(). Half-closes are propagated (EOF from
// one side becomes shutdown(SHUT_WR) on the other), errors on either side
// tear the whole connection down. Finished connections are reaped (threads
// joined, descriptors closed) when the next connection is accepted, or by
// the destructor.
//
// Lifecycle and ownership: Start() binds, listens and starts the accept
// thread; the returned object owns every socket and thread. The destructor
// stops accepting, shuts down every live connection and joins all threads
// before returning.
//
// Thread-safety: port() may be called from any thread; there is nothing
// else to call.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace wirelens::pipeline::kafka {

class TcpRelay {
 public:
  // Binds 127.0.0.1:`listen_port` (0 picks a free port) and starts relaying
  // to `targets`, "host:port" pairs with numeric IPv4 hosts, tried in order
  // for each new connection. Returns InvalidArgument for an empty or
  // malformed target list, Unavailable if the port cannot be bound (e.g.
  // already in use), Internal for other socket failures.
  static absl::StatusOr<std::unique_ptr<TcpRelay>> Start(uint16_t listen_port,
                                                         const std::vector<std::string>& targets);

  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;
  ~TcpRelay();

  // The port actually listened on.
  uint16_t port() const { return port_; }

 private:
  struct Connection {
    int client_fd = -1;
    int upstream_fd = -1;
    std::thread to_upstream;
    std::thread to_client;
    // Pumps still running; 0 means the connection can be reaped.
    std::atomic<int> live{2};
  };
  struct Target {
    uint32_t ipv4_network_order;
    uint16_t port_network_order;
  };

  TcpRelay() = default;
  void AcceptLoop();
  // Connects to the first reachable target; -1 if none is.
  int ConnectUpstream() const;
  // Joins and closes connections whose pumps have both finished.
  void ReapFinished() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static void Pump(int from_fd, int to_fd, std::atomic<int>* live);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::vector<Target> targets_;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::list<Connection> connections_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wirelens::pipeline::kafka
