#include "pipeline/kafka/tcp_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wirelens::pipeline::kafka {
namespace {

std::string Errno(int err) { return std::strerror(err); }

// Writes all of `data`; false if the peer is gone.
bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TcpRelay>> TcpRelay::Start(uint16_t listen_port,
                                                          const std::vector<std::string>& targets) {
  if (targets.empty()) {
    return absl::InvalidArgumentError("TcpRelay needs at least one target");
  }
  std::unique_ptr<TcpRelay> relay(new TcpRelay());
  for (const std::string& target : targets) {
    const size_t colon = target.rfind(':');
    uint32_t port = 0;
    in_addr addr{};
    if (colon == std::string::npos ||
        ::inet_pton(AF_INET, target.substr(0, colon).c_str(), &addr) != 1 ||
        !absl::SimpleAtoi(target.substr(colon + 1), &port) || port == 0 || port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("relay target '", target, "' is not <IPv4 address>:<port>"));
    }
    relay->targets_.push_back(Target{addr.s_addr, htons(static_cast<uint16_t>(port))});
  }

  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("socket: ", Errno(errno)));
  }
  relay->listen_fd_ = fd;  // Closed by the destructor from here on.
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(listen_port);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    const int err = errno;
    return absl::UnavailableError(
        absl::StrCat("cannot listen on 127.0.0.1:", listen_port, ": ", Errno(err)));
  }
  if (::listen(fd, SOMAXCONN) != 0) {
    return absl::InternalError(absl::StrCat("listen: ", Errno(errno)));
  }
  socklen_t len = sizeof(addr);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return absl::InternalError(absl::StrCat("getsockname: ", Errno(errno)));
  }
  relay->port_ = ntohs(addr.sin_port);
  relay->acceptor_ = std::thread([r = relay.get()] { r->AcceptLoop(); });
  return relay;
}

TcpRelay::~TcpRelay() {
  stopping_.store(true);
  if (listen_fd_ >= 0) {
    // Wakes the blocked accept() (Linux returns EINVAL from it).
    ::shutdown(listen_fd_, SHUT_RDWR);
  }
  if (acceptor_.joinable()) {
    acceptor_.join();
  }
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
  }

  absl::MutexLock lock(&mu_);
  for (Connection& c : connections_) {
    ::shutdown(c.client_fd, SHUT_RDWR);
    ::shutdown(c.upstream_fd, SHUT_RDWR);
  }
  for (Connection& c : connections_) {
    c.to_upstream.join();
    c.to_client.join();
    ::close(c.client_fd);
    ::close(c.upstream_fd);
  }
  connections_.clear();
}

int TcpRelay::ConnectUpstream() const {
  for (const Target& target : targets_) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      return -1;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = target.ipv4_network_order;
    addr.sin_port = target.port_network_order;
    int rc;
    do {
      rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
    } while (rc != 0 && errno == EINTR);
    if (rc == 0) {
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      return fd;
    }
    ::close(fd);
  }
  return -1;
}

void TcpRelay::Pump(int from_fd, int to_fd, std::atomic<int>* live) {
  char buffer[64 * 1024];
  while (true) {
    const ssize_t n = ::recv(from_fd, buffer, sizeof(buffer), 0);
    if (n > 0) {
      if (!SendAll(to_fd, buffer, static_cast<size_t>(n))) {
        // The receiving side is gone: tear down both directions.
        ::shutdown(from_fd, SHUT_RDWR);
        ::shutdown(to_fd, SHUT_RDWR);
        break;
      }
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n == 0) {
      // Orderly close: pass the half-close on, let the other direction
      // drain.
      ::shutdown(to_fd, SHUT_WR);
    } else {
      ::shutdown(from_fd, SHUT_RDWR);
      ::shutdown(to_fd, SHUT_RDWR);
    }
    break;
  }
  live->fetch_sub(1);
}

void TcpRelay::ReapFinished() {
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (it->live.load() == 0) {
      it->to_upstream.join();
      it->to_client.join();
      ::close(it->client_fd);
      ::close(it->upstream_fd);
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void TcpRelay::AcceptLoop() {
  while (!stopping_.load()) {
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      if (stopping_.load()) {
        break;
      }
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors or memory: back off instead of spinning.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      continue;  // EINTR, ECONNABORTED and friends: just accept again.
    }
    if (stopping_.load()) {
      ::close(client);
      break;
    }
    const int upstream = ConnectUpstream();
    if (upstream < 0) {
      // No broker is accepting: the client sees a closed connection, just
      // as it would from a broker that is down.
      ::close(client);
      continue;
    }
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

    absl::MutexLock lock(&mu_);
    ReapFinished();
    Connection& c = connections_.emplace_back();
    c.client_fd = client;
    c.upstream_fd = upstream;
    c.to_upstream = std::thread(&TcpRelay::Pump, client, upstream, &c.live);
    c.to_client = std::thread(&TcpRelay::Pump, upstream, client, &c.live);
  }
}

}  // namespace wirelens::pipeline::kafka
