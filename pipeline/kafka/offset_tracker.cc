#include "pipeline/kafka/offset_tracker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {

std::optional<int64_t> OffsetTracker::PartitionState::CommittableOffset() const {
  if (last_completed < 0) {
    return std::nullopt;
  }
  if (!pending.empty()) {
    return pending.front().offset;
  }
  return last_completed + 1;
}

OffsetTracker::PartitionState* OffsetTracker::Find(std::string_view topic, int32_t partition) {
  auto it = partitions_.find(KeyView{topic, partition});
  return it == partitions_.end() ? nullptr : &it->second;
}

const OffsetTracker::PartitionState* OffsetTracker::Find(std::string_view topic,
                                                         int32_t partition) const {
  auto it = partitions_.find(KeyView{topic, partition});
  return it == partitions_.end() ? nullptr : &it->second;
}

void OffsetTracker::Assign(absl::Span<const TopicPartition> partitions) {
  absl::MutexLock lock(&mu_);
  for (const TopicPartition& tp : partitions) {
    partitions_.try_emplace(tp);
  }
}

std::vector<PartitionOffset> OffsetTracker::RevokeLocked(
    absl::Span<const TopicPartition> partitions) {
  std::vector<PartitionOffset> out;
  for (const TopicPartition& tp : partitions) {
    auto it = partitions_.find(tp);
    if (it == partitions_.end()) {
      continue;
    }
    const PartitionState& state = it->second;
    std::optional<int64_t> committable = state.CommittableOffset();
    if (committable.has_value() && *committable > state.committed) {
      out.push_back(PartitionOffset{it->first, *committable});
    }
    total_in_flight_ -= state.in_flight;
    partitions_.erase(it);
  }
  std::sort(out.begin(), out.end(),
            [](const PartitionOffset& a, const PartitionOffset& b) { return a.tp < b.tp; });
  return out;
}

std::vector<PartitionOffset> OffsetTracker::Revoke(absl::Span<const TopicPartition> partitions) {
  absl::MutexLock lock(&mu_);
  return RevokeLocked(partitions);
}

std::vector<PartitionOffset> OffsetTracker::RevokeAll() {
  absl::MutexLock lock(&mu_);
  std::vector<TopicPartition> all;
  all.reserve(partitions_.size());
  for (const auto& [tp, state] : partitions_) {
    all.push_back(tp);
  }
  return RevokeLocked(all);
}

absl::Status OffsetTracker::Track(std::string_view topic, int32_t partition, int64_t offset) {
  if (offset < 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot track negative offset ", offset, " of ",
                                                   AsAbsl(topic), "[", partition, "]"));
  }
  absl::MutexLock lock(&mu_);
  PartitionState* state = Find(topic, partition);
  if (state == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("partition ", AsAbsl(topic), "[", partition,
                                                      "] is not assigned; drop offset ", offset));
  }
  if (offset <= state->last_tracked) {
    return absl::InvalidArgumentError(
        absl::StrCat("offset ", offset, " of ", AsAbsl(topic), "[", partition,
                     "] is not after the last tracked offset ", state->last_tracked));
  }
  state->pending.push_back(Entry{offset, false});
  state->last_tracked = offset;
  ++state->in_flight;
  ++total_in_flight_;
  return absl::OkStatus();
}

absl::Status OffsetTracker::MarkDone(std::string_view topic, int32_t partition, int64_t offset) {
  absl::MutexLock lock(&mu_);
  PartitionState* state = Find(topic, partition);
  if (state == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("partition ", AsAbsl(topic), "[", partition, "] is not assigned"));
  }
  std::deque<Entry>& pending = state->pending;
  auto it = std::lower_bound(pending.begin(), pending.end(), offset,
                             [](const Entry& e, int64_t value) { return e.offset < value; });
  if (it == pending.end() || it->offset != offset) {
    return absl::NotFoundError(absl::StrCat("offset ", offset, " of ", AsAbsl(topic), "[",
                                            partition, "] is not in flight"));
  }
  if (it->done) {
    return absl::FailedPreconditionError(absl::StrCat("offset ", offset, " of ", AsAbsl(topic), "[",
                                                      partition, "] was already marked done"));
  }
  it->done = true;
  --state->in_flight;
  --total_in_flight_;
  // Advance the committable position over every completed prefix entry.
  while (!pending.empty() && pending.front().done) {
    state->last_completed = pending.front().offset;
    pending.pop_front();
  }
  return absl::OkStatus();
}

std::vector<PartitionOffset> OffsetTracker::Committable() const {
  absl::MutexLock lock(&mu_);
  std::vector<PartitionOffset> out;
  for (const auto& [tp, state] : partitions_) {
    std::optional<int64_t> committable = state.CommittableOffset();
    if (committable.has_value() && *committable > state.committed) {
      out.push_back(PartitionOffset{tp, *committable});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const PartitionOffset& a, const PartitionOffset& b) { return a.tp < b.tp; });
  return out;
}

std::optional<int64_t> OffsetTracker::CommittableOffset(std::string_view topic,
                                                        int32_t partition) const {
  absl::MutexLock lock(&mu_);
  const PartitionState* state = Find(topic, partition);
  if (state == nullptr) {
    return std::nullopt;
  }
  return state->CommittableOffset();
}

void OffsetTracker::MarkCommitted(absl::Span<const PartitionOffset> offsets) {
  absl::MutexLock lock(&mu_);
  for (const PartitionOffset& po : offsets) {
    PartitionState* state = Find(po.tp.topic, po.tp.partition);
    if (state == nullptr) {
      continue;
    }
    state->committed = std::max(state->committed, po.offset);
  }
}

size_t OffsetTracker::InFlight(std::string_view topic, int32_t partition) const {
  absl::MutexLock lock(&mu_);
  const PartitionState* state = Find(topic, partition);
  return state == nullptr ? 0 : state->in_flight;
}

size_t OffsetTracker::TotalInFlight() const {
  absl::MutexLock lock(&mu_);
  return total_in_flight_;
}

std::vector<TopicPartition> OffsetTracker::Assigned() const {
  absl::MutexLock lock(&mu_);
  std::vector<TopicPartition> out;
  out.reserve(partitions_.size());
  for (const auto& [tp, state] : partitions_) {
    out.push_back(tp);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace wirelens::pipeline::kafka
