// File: kafka_status.h
//
// The one place where librdkafka errors become absl::Status. Everything in
// wirelens that talks to librdkafka funnels its error codes through here, so
// the runtime can sort failures by status code alone (see STYLE.md, habit 4):
//
//   - transient, worth retrying with backoff: Unavailable (broker or network
//     down, leader moving, coordinator loading), DeadlineExceeded (request or
//     message timed out), ResourceExhausted (local queue full, quota);
//   - configuration or input that will not fix itself: InvalidArgument,
//     NotFound (unknown topic/partition), PermissionDenied (ACLs),
//     Unauthenticated (SASL/SSL), FailedPrecondition (wrong client state),
//     Unimplemented (broker or build lacks a feature), OutOfRange (message
//     too large, offset out of range);
//   - the client instance is unusable or a transaction must be abandoned:
//     Internal (fatal errors, protocol corruption) and Aborted (producer
//     fenced, idempotence sequence broken, transaction must abort);
//   - Cancelled for operations cut short by shutdown or purge.
//
// Each status message keeps librdkafka's symbolic error name, its numeric
// code and its human-readable description, prefixed by an optional context
// string ("commit offsets: REBALANCE_IN_PROGRESS (27): Broker: Group
// rebalance in progress"). The original error code also rides along as a
// status payload, so code that needs the exact librdkafka error (for example
// to tell NOT_LEADER_FOR_PARTITION from BROKER_NOT_AVAILABLE in a metric
// label) can recover it with KafkaErrorFromStatus() instead of parsing text.
//
// All functions are pure and thread-safe.
#pragma once

#include <librdkafka/rdkafka.h>

#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace wirelens::pipeline::kafka {

// The status payload type URL under which the librdkafka error code is
// stored, as its decimal value (e.g. "-195").
inline constexpr std::string_view kKafkaErrorPayloadUrl =
    "type.wirelens.dev/wirelens.kafka.ErrorCode";

// Returns the absl::StatusCode that `err` maps to. RD_KAFKA_RESP_ERR_NO_ERROR
// maps to kOk; codes this table does not know (for example ones added by a
// newer librdkafka) map to kUnknown.
absl::StatusCode KafkaErrorCode(rd_kafka_resp_err_t err);

// Returns OK for RD_KAFKA_RESP_ERR_NO_ERROR; otherwise a status with code
// KafkaErrorCode(err) and the message "<context>: <NAME> (<code>): <text>"
// (no "<context>: " when `context` is empty), where <text> is `detail` when
// given (e.g. rd_kafka_message_errstr()) and rd_kafka_err2str(err) otherwise.
absl::Status KafkaErrorToStatus(rd_kafka_resp_err_t err, std::string_view context = {},
                                std::string_view detail = {});

// Flags librdkafka attaches to an error beyond its code.
struct KafkaErrorFlags {
  // The client instance is unusable and must be recreated.
  bool fatal = false;
  // librdkafka says the same operation may succeed if retried.
  bool retriable = false;
  // The current transaction must be aborted before anything else.
  bool txn_requires_abort = false;
};

// Like KafkaErrorToStatus(err, context, detail) but also applies `flags` (see
// the rd_kafka_error_t overload below for how). Use it where librdkafka hands
// out a code plus flags without an error object, e.g. a fatal error reported
// through error_cb, whose real code comes from rd_kafka_fatal_error():
//   KafkaErrorToStatus(real_err, {.fatal = true}, "producer", errstr).
absl::Status KafkaErrorToStatus(rd_kafka_resp_err_t err, KafkaErrorFlags flags,
                                std::string_view context = {}, std::string_view detail = {});

// Converts an rd_kafka_error_t (the richer error object returned by the
// transactional and newer consumer APIs) without taking ownership; nullptr
// means success and returns OK. Besides the per-code mapping it honours the
// object's flags:
//   - txn_requires_abort: Aborted (the caller must abort the transaction);
//   - fatal: Internal, or Aborted when the code itself means fencing or a
//     broken idempotence sequence (the instance must be recreated either way);
//   - retriable on a code that would otherwise map to a non-transient status:
//     Unavailable, since librdkafka itself says a retry may succeed.
// The flags also appear in the message, e.g. "[fatal]".
absl::Status KafkaErrorToStatus(const rd_kafka_error_t* error, std::string_view context = {});

// Same as KafkaErrorToStatus(const rd_kafka_error_t*, context) but takes
// ownership of `error` and destroys it, for the common
// `return KafkaErrorToStatusAndDestroy(rd_kafka_commit_transaction(...))`.
absl::Status KafkaErrorToStatusAndDestroy(rd_kafka_error_t* error, std::string_view context = {});

// Returns the status of a delivery report (the message handed to
// dr_msg_cb): OK when `message->err` is NO_ERROR; otherwise the mapped error
// with the topic, partition and (if known) offset in the context. It never
// reads the payload, which in a delivery report is the message value, not an
// error string (so rd_kafka_message_errstr() must not be used on one).
// `message` must not be null.
absl::Status KafkaDeliveryStatus(const rd_kafka_message_t* message, std::string_view context = {});

// Returns the status of a message returned by rd_kafka_consumer_poll():
// OK for a real message; otherwise the mapped error, whose detail is the
// error string librdkafka puts in the payload of consumer error events.
// `message` must not be null.
absl::Status KafkaConsumerMessageStatus(const rd_kafka_message_t* message,
                                        std::string_view context = {});

// Recovers the librdkafka error code stored in a status produced by this
// file; nullopt for OK statuses and for statuses from elsewhere.
std::optional<rd_kafka_resp_err_t> KafkaErrorFromStatus(const absl::Status& status);

}  // namespace wirelens::pipeline::kafka
