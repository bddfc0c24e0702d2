#include "pipeline/kafka/fake_source_sink.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

std::string Name(const TopicPartition& tp) {
  return absl::StrCat(tp.topic, "[", tp.partition, "]");
}

}  // namespace

// ============================== FakeSource ==============================

FakeSource::FakeSource(const std::map<std::string, int32_t>& topics) {
  absl::MutexLock lock(&mu_);
  for (const auto& [topic, count] : topics) {
    for (int32_t p = 0; p < count; ++p) {
      partitions_.try_emplace(TopicPartition{topic, p});
    }
  }
}

FakeSource::Partition* FakeSource::Find(const TopicPartition& tp) {
  auto it = partitions_.find(tp);
  return it == partitions_.end() ? nullptr : &it->second;
}

const FakeSource::Partition* FakeSource::Find(const TopicPartition& tp) const {
  auto it = partitions_.find(tp);
  return it == partitions_.end() ? nullptr : &it->second;
}

absl::Status FakeSource::CheckAllAssigned(absl::Span<const TopicPartition> partitions) {
  for (const TopicPartition& tp : partitions) {
    const Partition* p = Find(tp);
    if (p == nullptr || !p->assigned) {
      return absl::FailedPreconditionError(
          absl::StrCat("partition ", Name(tp), " is not assigned"));
    }
  }
  return absl::OkStatus();
}

absl::Status FakeSource::Subscribe(const std::vector<std::string>& topics,
                                   RebalanceListener* listener) {
  if (topics.empty()) {
    return absl::InvalidArgumentError("subscribe needs at least one topic");
  }
  absl::MutexLock lock(&mu_);
  if (subscribed_ || closed_) {
    return absl::FailedPreconditionError("already subscribed or closed");
  }
  std::vector<TopicPartition> assign;
  for (const std::string& topic : topics) {
    bool found = false;
    for (const auto& [tp, partition] : partitions_) {
      if (tp.topic == topic) {
        assign.push_back(tp);
        found = true;
      }
    }
    if (!found) {
      return absl::NotFoundError(absl::StrCat("unknown topic '", topic, "'"));
    }
  }
  subscribed_ = true;
  listener_ = listener;
  rebalances_.push_back(RebalanceEvent{{}, std::move(assign), false});
  return absl::OkStatus();
}

void FakeSource::Assign(const std::vector<TopicPartition>& partitions) {
  for (const TopicPartition& tp : partitions) {
    Partition* p = Find(tp);
    if (p == nullptr || p->assigned) {
      continue;
    }
    p->assigned = true;
    p->paused = false;
    p->position = p->committed.value_or(0);
  }
}

void FakeSource::RunRebalances() {
  while (true) {
    RebalanceEvent event;
    RebalanceListener* listener;
    {
      absl::MutexLock lock(&mu_);
      if (rebalances_.empty()) {
        return;
      }
      event = std::move(rebalances_.front());
      rebalances_.pop_front();
      listener = listener_;
      // Only partitions actually changing hands are reported.
      std::erase_if(event.revoke, [this](const TopicPartition& tp) {
        const Partition* p = Find(tp);
        return p == nullptr || !p->assigned;
      });
    }
    auto unassign = [this, &event] {
      absl::MutexLock lock(&mu_);
      for (const TopicPartition& tp : event.revoke) {
        Find(tp)->assigned = false;
      }
    };
    if (!event.revoke.empty()) {
      if (event.lost) {
        unassign();
        if (listener != nullptr) {
          listener->OnPartitionsLost(event.revoke);
        }
      } else {
        // Still assigned during the callback, so it can commit.
        if (listener != nullptr) {
          listener->OnPartitionsRevoked(event.revoke);
        }
        unassign();
      }
    }
    {
      // Filtered only now: a partition revoked above may come straight back.
      absl::MutexLock lock(&mu_);
      std::erase_if(event.assign, [this](const TopicPartition& tp) {
        const Partition* p = Find(tp);
        return p == nullptr || p->assigned;
      });
      Assign(event.assign);
    }
    if (!event.assign.empty() && listener != nullptr) {
      listener->OnPartitionsAssigned(event.assign);
    }
  }
}

bool FakeSource::HasReadable() const {
  if (!rebalances_.empty()) {
    return true;
  }
  for (const auto& [tp, p] : partitions_) {
    if (p.assigned && !p.paused && !p.log.empty() && p.log.back().offset >= p.position) {
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::vector<InputMessage>> FakeSource::Poll(size_t max_messages,
                                                           absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  {
    absl::MutexLock lock(&mu_);
    if (!subscribed_ || closed_) {
      return absl::FailedPreconditionError("poll before subscribe or after close");
    }
    if (fail_next_poll_.has_value()) {
      absl::Status status = *std::move(fail_next_poll_);
      fail_next_poll_.reset();
      return status;
    }
  }
  std::vector<InputMessage> out;
  while (true) {
    RunRebalances();
    absl::MutexLock lock(&mu_);
    if (!rebalances_.empty()) {
      continue;  // Queued by a concurrent trigger.
    }
    // Round-robin over readable partitions, one message at a time, so no
    // partition starves another within a batch.
    std::vector<Partition*> readable;
    for (auto& [tp, p] : partitions_) {
      if (p.assigned && !p.paused) {
        readable.push_back(&p);
      }
    }
    if (!readable.empty()) {
      const size_t start = poll_cursor_++ % readable.size();
      bool progress = true;
      while (out.size() < max_messages && progress) {
        progress = false;
        for (size_t i = 0; i < readable.size() && out.size() < max_messages; ++i) {
          Partition* p = readable[(start + i) % readable.size()];
          auto it =
              std::lower_bound(p->log.begin(), p->log.end(), p->position,
                               [](const InputMessage& m, int64_t pos) { return m.offset < pos; });
          if (it == p->log.end()) {
            continue;
          }
          out.push_back(*it);
          p->position = it->offset + 1;
          progress = true;
        }
      }
    }
    if (!out.empty() || max_messages == 0) {
      return out;
    }
    // Nothing yet: wait for an Append, a resume or a rebalance.
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return HasReadable() || closed_; };
    if (!mu_.AwaitWithDeadline(absl::Condition(&ready), deadline)) {
      return out;
    }
    if (closed_) {
      return out;
    }
  }
}

absl::Status FakeSource::Pause(absl::Span<const TopicPartition> partitions) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckAllAssigned(partitions); !s.ok()) {
    return s;
  }
  for (const TopicPartition& tp : partitions) {
    Find(tp)->paused = true;
  }
  return absl::OkStatus();
}

absl::Status FakeSource::Resume(absl::Span<const TopicPartition> partitions) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckAllAssigned(partitions); !s.ok()) {
    return s;
  }
  for (const TopicPartition& tp : partitions) {
    Find(tp)->paused = false;
  }
  return absl::OkStatus();
}

absl::Status FakeSource::Commit(absl::Span<const PartitionOffset> offsets) {
  absl::MutexLock lock(&mu_);
  if (fail_next_commit_.has_value()) {
    absl::Status status = *std::move(fail_next_commit_);
    fail_next_commit_.reset();
    return status;
  }
  for (const PartitionOffset& po : offsets) {
    if (po.offset < 0) {
      return absl::InvalidArgumentError(absl::StrCat("negative commit offset for ", Name(po.tp)));
    }
    const Partition* p = Find(po.tp);
    if (p == nullptr || !p->assigned) {
      // What ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID look like after
      // kafka_status mapping.
      return absl::FailedPreconditionError(
          absl::StrCat("commit for ", Name(po.tp), ", which this consumer does not own"));
    }
  }
  for (const PartitionOffset& po : offsets) {
    Find(po.tp)->committed = po.offset;
  }
  ++successful_commits_;
  return absl::OkStatus();
}

absl::Status FakeSource::Close() {
  std::vector<TopicPartition> owned;
  RebalanceListener* listener;
  {
    absl::MutexLock lock(&mu_);
    if (closed_) {
      return absl::FailedPreconditionError("already closed");
    }
    for (const auto& [tp, p] : partitions_) {
      if (p.assigned) {
        owned.push_back(tp);
      }
    }
    listener = listener_;
  }
  if (listener != nullptr && !owned.empty()) {
    listener->OnPartitionsRevoked(owned);
  }
  absl::MutexLock lock(&mu_);
  for (const TopicPartition& tp : owned) {
    Find(tp)->assigned = false;
  }
  rebalances_.clear();
  closed_ = true;
  return absl::OkStatus();
}

absl::StatusOr<int64_t> FakeSource::Append(std::string_view topic, int32_t partition,
                                           std::optional<std::string> key,
                                           std::optional<std::string> value,
                                           std::vector<Header> headers) {
  absl::MutexLock lock(&mu_);
  Partition* p = Find(TopicPartition{std::string(topic), partition});
  if (p == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unknown partition ", AsAbsl(topic), "[", partition, "]"));
  }
  InputMessage m;
  m.topic = std::string(topic);
  m.partition = partition;
  m.offset = p->next_offset++;
  m.key = std::move(key);
  m.value = std::move(value);
  m.headers = std::move(headers);
  m.timestamp = absl::Now();
  p->log.push_back(std::move(m));
  return p->log.back().offset;
}

absl::Status FakeSource::SkipOffsets(std::string_view topic, int32_t partition, int64_t count) {
  if (count < 0) {
    return absl::InvalidArgumentError("negative skip");
  }
  absl::MutexLock lock(&mu_);
  Partition* p = Find(TopicPartition{std::string(topic), partition});
  if (p == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unknown partition ", AsAbsl(topic), "[", partition, "]"));
  }
  p->next_offset += count;
  return absl::OkStatus();
}

void FakeSource::TriggerRebalance(std::vector<TopicPartition> revoke,
                                  std::vector<TopicPartition> assign, bool lost) {
  absl::MutexLock lock(&mu_);
  rebalances_.push_back(RebalanceEvent{std::move(revoke), std::move(assign), lost});
}

void FakeSource::FailNextPoll(absl::Status status) {
  absl::MutexLock lock(&mu_);
  fail_next_poll_ = std::move(status);
}

void FakeSource::FailNextCommit(absl::Status status) {
  absl::MutexLock lock(&mu_);
  fail_next_commit_ = std::move(status);
}

std::optional<int64_t> FakeSource::Committed(std::string_view topic, int32_t partition) const {
  absl::MutexLock lock(&mu_);
  const Partition* p = Find(TopicPartition{std::string(topic), partition});
  return p == nullptr ? std::nullopt : p->committed;
}

std::vector<TopicPartition> FakeSource::Assignment() const {
  absl::MutexLock lock(&mu_);
  std::vector<TopicPartition> out;
  for (const auto& [tp, p] : partitions_) {
    if (p.assigned) {
      out.push_back(tp);
    }
  }
  return out;
}

bool FakeSource::IsPaused(const TopicPartition& tp) const {
  absl::MutexLock lock(&mu_);
  const Partition* p = Find(tp);
  return p != nullptr && p->assigned && p->paused;
}

size_t FakeSource::successful_commits() const {
  absl::MutexLock lock(&mu_);
  return successful_commits_;
}

// =============================== FakeSink ===============================

FakeSink::FakeSink(Options options) : options_(options) {
  if (options_.auto_deliver) {
    deliverer_ = std::thread([this] { DeliveryLoop(); });
  }
}

FakeSink::~FakeSink() {
  std::deque<Pending> orphans;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (deliverer_.joinable()) {
    deliverer_.join();
  }
  {
    absl::MutexLock lock(&mu_);
    orphans.swap(queue_);
  }
  for (Pending& p : orphans) {
    std::move(p.callback)(absl::CancelledError("sink destroyed before delivery"));
  }
}

absl::Status FakeSink::Produce(OutputMessage message, DeliveryCallback on_delivery) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    return absl::FailedPreconditionError("sink is closing");
  }
  if (fail_produce_ > 0) {
    --fail_produce_;
    return fail_produce_status_;
  }
  if (message.topic.empty()) {
    return absl::InvalidArgumentError("produce to an empty topic name");
  }
  if (in_flight_ >= options_.capacity) {
    return absl::ResourceExhaustedError(
        absl::StrCat("fake sink queue full (", in_flight_, " messages in flight)"));
  }
  queue_.push_back(Pending{std::move(message), std::move(on_delivery)});
  ++in_flight_;
  return absl::OkStatus();
}

size_t FakeSink::DeliverLocked(size_t max) {
  size_t delivered = 0;
  while (delivered < max && !corked_ && !stopping_ && !queue_.empty()) {
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    absl::Status status;
    if (fail_deliveries_ > 0) {
      --fail_deliveries_;
      status = fail_delivery_status_;
      ++failed_deliveries_;
    } else {
      delivered_.push_back(p.message);
    }
    mu_.Unlock();
    std::move(p.callback)(std::move(status));
    mu_.Lock();
    --in_flight_;
    ++delivered;
  }
  return delivered;
}

void FakeSink::DeliveryLoop() {
  absl::MutexLock lock(&mu_);
  auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || (!corked_ && !queue_.empty());
  };
  while (true) {
    mu_.Await(absl::Condition(&work));
    if (stopping_) {
      return;
    }
    DeliverLocked(std::numeric_limits<size_t>::max());
  }
}

absl::Status FakeSink::Flush(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::MutexLock lock(&mu_);
  // Without the delivery thread, Flush delivers on the calling thread,
  // including whatever becomes deliverable (an Uncork) while it waits.
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return in_flight_ == 0 || (!options_.auto_deliver && !corked_ && !queue_.empty());
  };
  while (true) {
    if (!options_.auto_deliver) {
      DeliverLocked(std::numeric_limits<size_t>::max());
    }
    if (in_flight_ == 0) {
      return absl::OkStatus();
    }
    if (!mu_.AwaitWithDeadline(absl::Condition(&ready), deadline)) {
      return absl::DeadlineExceededError(absl::StrCat(
          "flush: ", in_flight_, " messages still in flight", corked_ ? " (sink is corked)" : ""));
    }
  }
}

size_t FakeSink::InFlight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

void FakeSink::Cork() {
  absl::MutexLock lock(&mu_);
  corked_ = true;
}

void FakeSink::Uncork() {
  absl::MutexLock lock(&mu_);
  corked_ = false;
}

size_t FakeSink::DeliverPending(size_t max) {
  absl::MutexLock lock(&mu_);
  return DeliverLocked(max);
}

void FakeSink::FailDeliveries(size_t count, absl::Status status) {
  absl::MutexLock lock(&mu_);
  fail_deliveries_ = count;
  fail_delivery_status_ = std::move(status);
}

void FakeSink::FailProduce(size_t count, absl::Status status) {
  absl::MutexLock lock(&mu_);
  fail_produce_ = count;
  fail_produce_status_ = std::move(status);
}

std::vector<OutputMessage> FakeSink::Delivered() const {
  absl::MutexLock lock(&mu_);
  return delivered_;
}

std::vector<OutputMessage> FakeSink::Delivered(std::string_view topic) const {
  absl::MutexLock lock(&mu_);
  std::vector<OutputMessage> out;
  for (const OutputMessage& m : delivered_) {
    if (m.topic == topic) {
      out.push_back(m);
    }
  }
  return out;
}

size_t FakeSink::failed_deliveries() const {
  absl::MutexLock lock(&mu_);
  return failed_deliveries_;
}

}  // namespace wirelens::pipeline::kafka
