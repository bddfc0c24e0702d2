// File: offset_tracker.h
//
// Per-partition bookkeeping that makes input commits at-least-once (STYLE.md,
// habit 5). The source calls Track() for every input message it dispatches to
// the chain, in the order it consumed them; whoever learns that the message's
// output (an Enrichment or a dead letter) was acknowledged by the broker calls
// MarkDone(). Completions may arrive in any order. The committable position of
// a partition never passes a message that is still in flight:
//
//   committable = the lowest tracked offset still in flight, or, when nothing
//                 is in flight, the highest completed offset + 1
//
// which is the Kafka convention (a committed offset names the next message to
// read). So a slow article at offset 10 holds the partition's commit at 10
// even after offsets 11..500 finished; when 10 completes the commit jumps to
// 501. Only tracked offsets matter: offsets the consumer never saw (compacted
// away, transaction markers) are simply skipped over.
//
// A partition reports a committable offset only once it has made progress
// past the first offset tracked in it, and only while that offset is ahead
// of what MarkCommitted() last recorded, so calling Committable() on a timer
// yields exactly the commits worth sending.
//
// Lifecycle: partitions enter with Assign() (from the rebalance callback,
// before any of their messages are tracked) and leave with Revoke(), which
// hands back their final committable offsets so the caller can commit them
// before giving the partitions up. A late MarkDone() for a revoked partition
// returns NotFound, which callers should count and otherwise ignore; its
// output was acknowledged, and the partition's new owner will reprocess the
// message (the "at least" in at-least-once). If the partition comes back
// and the same offset is tracked again before the late acknowledgment
// arrives, that acknowledgment completes the new entry; this is safe because
// the output for the offset exists, and the second completion of it returns
// NotFound or FailedPrecondition.
//
// Thread-safety: all methods may be called concurrently from any thread
// (the dispatch loop, delivery-report callbacks, the commit timer). One
// internal mutex guards all state; every method does O(log n) work in the
// number of in-flight offsets of one partition (Revoke and Committable are
// linear in the number of partitions), so contention stays low.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace wirelens::pipeline::kafka {

// A Kafka topic partition. Plain value type, hashable and ordered.
struct TopicPartition {
  std::string topic;
  int32_t partition = 0;

  friend bool operator==(const TopicPartition&, const TopicPartition&) = default;
  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const TopicPartition& tp) {
    return H::combine(std::move(h), tp.topic, tp.partition);
  }
};

// An offset to commit for a partition: the next offset to consume.
struct PartitionOffset {
  TopicPartition tp;
  int64_t offset = 0;

  friend bool operator==(const PartitionOffset&, const PartitionOffset&) = default;
};

// See the file comment. Not copyable or movable (owns a mutex).
class OffsetTracker {
 public:
  OffsetTracker() = default;
  OffsetTracker(const OffsetTracker&) = delete;
  OffsetTracker& operator=(const OffsetTracker&) = delete;

  // Starts tracking `partitions`. Partitions that are already assigned keep
  // their state (an incremental assignment may repeat them).
  void Assign(absl::Span<const TopicPartition> partitions);

  // Returns the final committable offsets of those `partitions` that have
  // uncommitted progress (same rule as Committable()), then forgets them:
  // their in-flight offsets no longer count and late MarkDone() calls for
  // them return NotFound. Partitions not assigned are ignored.
  std::vector<PartitionOffset> Revoke(absl::Span<const TopicPartition> partitions);

  // Revoke() for every assigned partition, e.g. at shutdown.
  std::vector<PartitionOffset> RevokeAll();

  // Records that `offset` of the partition was dispatched and is in flight.
  // Offsets of one partition must be tracked in strictly increasing order
  // (the order the consumer returns them); gaps are fine.
  // Returns:
  //   FailedPrecondition if the partition is not assigned (a message fetched
  //     before a revoke that the caller should drop, not process);
  //   InvalidArgument if `offset` is negative or not greater than the last
  //     offset tracked in this partition since it was assigned (a rewind:
  //     Revoke() and Assign() the partition to start over).
  absl::Status Track(std::string_view topic, int32_t partition, int64_t offset);

  // Records that the output for a tracked `offset` was acknowledged.
  // Returns:
  //   NotFound if the partition is not assigned or `offset` is not in flight
  //     in it: never tracked, revoked since, or already completed and
  //     passed by the committable position;
  //   FailedPrecondition if `offset` was already marked done and is still
  //     held back by an earlier in-flight offset (a double acknowledgment).
  absl::Status MarkDone(std::string_view topic, int32_t partition, int64_t offset);

  // The committable offset of every assigned partition whose committable
  // offset is ahead of what MarkCommitted() last recorded for it (or that
  // has made progress and was never committed), sorted by topic and
  // partition.
  std::vector<PartitionOffset> Committable() const;

  // The committable offset of one partition regardless of what was
  // committed; nullopt if it is not assigned or has made no progress yet.
  std::optional<int64_t> CommittableOffset(std::string_view topic, int32_t partition) const;

  // Records that `offsets` were committed successfully so Committable()
  // stops reporting them. Only moves forward; unassigned partitions and
  // offsets at or below the recorded ones are ignored.
  void MarkCommitted(absl::Span<const PartitionOffset> offsets);

  // Number of tracked, not yet done offsets in one partition (0 if it is
  // not assigned), and across all partitions. For backpressure: pause a
  // partition or stop polling when these pass a limit.
  size_t InFlight(std::string_view topic, int32_t partition) const;
  size_t TotalInFlight() const;

  // The assigned partitions, sorted.
  std::vector<TopicPartition> Assigned() const;

 private:
  struct Entry {
    int64_t offset;
    bool done;
  };
  struct PartitionState {
    // Tracked offsets not yet passed by the committable position, ascending.
    // The front entry is always in flight (done entries at the front are
    // popped at once); later entries may be done already.
    std::deque<Entry> pending;
    size_t in_flight = 0;
    int64_t last_tracked = -1;
    // Highest offset popped from the front of `pending`; -1 before any.
    int64_t last_completed = -1;
    // Offset last recorded by MarkCommitted(); -1 before any.
    int64_t committed = -1;

    std::optional<int64_t> CommittableOffset() const;
  };

  // Lets Track()/MarkDone() look partitions up by string_view without
  // building a std::string key per message.
  struct KeyView {
    std::string_view topic;
    int32_t partition;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const TopicPartition& tp) const {
      return absl::HashOf(std::string_view(tp.topic), tp.partition);
    }
    size_t operator()(const KeyView& k) const { return absl::HashOf(k.topic, k.partition); }
  };
  struct KeyEq {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return a.partition == b.partition && std::string_view(a.topic) == std::string_view(b.topic);
    }
  };

  PartitionState* Find(std::string_view topic, int32_t partition)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const PartitionState* Find(std::string_view topic, int32_t partition) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::vector<PartitionOffset> RevokeLocked(absl::Span<const TopicPartition> partitions)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  absl::flat_hash_map<TopicPartition, PartitionState, KeyHash, KeyEq> partitions_
      ABSL_GUARDED_BY(mu_);
  size_t total_in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace wirelens::pipeline::kafka
