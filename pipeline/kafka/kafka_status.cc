#include "pipeline/kafka/kafka_status.h"

#include <cstdint>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

using C = absl::StatusCode;

// True for the codes that mean "the producer's identity or sequence is no
// longer valid": a retry with the same instance cannot succeed, and a newer
// instance may already own the transactional id.
bool IsFencingOrSequenceError(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__FENCED:
    case RD_KAFKA_RESP_ERR__GAPLESS_GUARANTEE:
    case RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER:
    case RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH:
    case RD_KAFKA_RESP_ERR_INVALID_PRODUCER_ID_MAPPING:
    case RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID:
    case RD_KAFKA_RESP_ERR_PRODUCER_FENCED:
    case RD_KAFKA_RESP_ERR_TRANSACTION_COORDINATOR_FENCED:
    case RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID:
      return true;
    default:
      return false;
  }
}

bool IsTransient(C code) {
  return code == C::kUnavailable || code == C::kDeadlineExceeded || code == C::kResourceExhausted;
}

std::string FormatMessage(rd_kafka_resp_err_t err, std::string_view name, std::string_view text,
                          std::string_view context, std::string_view flag_suffix) {
  std::string out;
  if (!context.empty()) {
    absl::StrAppend(&out, AsAbsl(context), ": ");
  }
  absl::StrAppend(&out, AsAbsl(name), " (", static_cast<int>(err), "): ", AsAbsl(text),
                  AsAbsl(flag_suffix));
  return out;
}

absl::Status WithPayload(absl::Status status, rd_kafka_resp_err_t err) {
  status.SetPayload(AsAbsl(kKafkaErrorPayloadUrl), absl::Cord(absl::StrCat(static_cast<int>(err))));
  return status;
}

// Shared by every overload: `name` and `text` are librdkafka's.
absl::Status Build(rd_kafka_resp_err_t err, std::string_view name, std::string_view text,
                   KafkaErrorFlags flags, std::string_view context) {
  C code = KafkaErrorCode(err);
  // NO_ERROR with flags set does not happen in librdkafka; stay OK anyway
  // rather than inventing an error.
  if (code == C::kOk) {
    return absl::OkStatus();
  }

  std::string suffix;
  if (flags.fatal) {
    absl::StrAppend(&suffix, " [fatal]");
    code = IsFencingOrSequenceError(err) ? C::kAborted : C::kInternal;
  } else if (flags.txn_requires_abort) {
    absl::StrAppend(&suffix, " [txn_requires_abort]");
    code = C::kAborted;
  } else if (flags.retriable) {
    absl::StrAppend(&suffix, " [retriable]");
    if (!IsTransient(code)) {
      code = C::kUnavailable;
    }
  }
  return WithPayload(absl::Status(code, FormatMessage(err, name, text, context, suffix)), err);
}

}  // namespace

absl::StatusCode KafkaErrorCode(rd_kafka_resp_err_t err) {
  if (IsFencingOrSequenceError(err)) return C::kAborted;
  switch (err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
      return C::kOk;

    // ---- Transient: the cluster or the network is not ready right now. ----
    case RD_KAFKA_RESP_ERR__FAIL:  // "Communication failure with broker"
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__RESOLVE:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__ISR_INSUFF:
    case RD_KAFKA_RESP_ERR__NODE_UPDATE:
    case RD_KAFKA_RESP_ERR__WAIT_COORD:
    case RD_KAFKA_RESP_ERR__WAIT_CACHE:
    case RD_KAFKA_RESP_ERR__IN_PROGRESS:
    case RD_KAFKA_RESP_ERR__RETRY:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
    case RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_STALE_CTRL_EPOCH:
    case RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
    case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_NOT_CONTROLLER:
    case RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS:
    case RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR:
    case RD_KAFKA_RESP_ERR_REASSIGNMENT_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND:
    case RD_KAFKA_RESP_ERR_INVALID_FETCH_SESSION_EPOCH:
    case RD_KAFKA_RESP_ERR_LISTENER_NOT_FOUND:
    case RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH:
    case RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH:
    case RD_KAFKA_RESP_ERR_STALE_BROKER_EPOCH:
    case RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_ELIGIBLE_LEADERS_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT:
      return C::kUnavailable;

    // ---- Transient: something took too long. ----
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
    case RD_KAFKA_RESP_ERR__MAX_POLL_EXCEEDED:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return C::kDeadlineExceeded;

    // ---- Transient: a local or broker-side limit; slow down. ----
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
    case RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE:
    case RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED:
    case RD_KAFKA_RESP_ERR_GROUP_MAX_SIZE_REACHED:
      return C::kResourceExhausted;

    // ---- Configuration, arguments or input that will not fix itself. ----
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__INVALID_TYPE:
    case RD_KAFKA_RESP_ERR__KEY_SERIALIZATION:
    case RD_KAFKA_RESP_ERR__VALUE_SERIALIZATION:
    case RD_KAFKA_RESP_ERR__KEY_DESERIALIZATION:
    case RD_KAFKA_RESP_ERR__VALUE_DESERIALIZATION:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:  // Invalid topic name.
    case RD_KAFKA_RESP_ERR_INVALID_REQUIRED_ACKS:
    case RD_KAFKA_RESP_ERR_INCONSISTENT_GROUP_PROTOCOL:
    case RD_KAFKA_RESP_ERR_INVALID_GROUP_ID:
    case RD_KAFKA_RESP_ERR_INVALID_SESSION_TIMEOUT:
    case RD_KAFKA_RESP_ERR_INVALID_COMMIT_OFFSET_SIZE:
    case RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP:
    case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICA_ASSIGNMENT:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
    case RD_KAFKA_RESP_ERR_INVALID_REQUEST:
    case RD_KAFKA_RESP_ERR_POLICY_VIOLATION:
    case RD_KAFKA_RESP_ERR_INVALID_TRANSACTION_TIMEOUT:
    case RD_KAFKA_RESP_ERR_INVALID_PRINCIPAL_TYPE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_INVALID_UPDATE_VERSION:
      return C::kInvalidArgument;

    // ---- Too big, or outside the log. ----
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_OFFSET_METADATA_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
    case RD_KAFKA_RESP_ERR__PARTITION_EOF:
    case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
      return C::kOutOfRange;

    // ---- Something named does not exist. ----
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR__UNKNOWN_GROUP:
    case RD_KAFKA_RESP_ERR__UNKNOWN_BROKER:
    case RD_KAFKA_RESP_ERR__NOENT:
    case RD_KAFKA_RESP_ERR__NO_OFFSET:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_LOG_DIR_NOT_FOUND:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_NOT_FOUND:
    case RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND:
    case RD_KAFKA_RESP_ERR_RESOURCE_NOT_FOUND:
      return C::kNotFound;

    case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
    case RD_KAFKA_RESP_ERR_DUPLICATE_RESOURCE:
    case RD_KAFKA_RESP_ERR_DUPLICATE_SEQUENCE_NUMBER:
      return C::kAlreadyExists;

    // ---- ACLs. ----
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_OWNER_MISMATCH:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_REQUEST_NOT_ALLOWED:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED:
      return C::kPermissionDenied;

    // ---- Authentication: SASL, SSL, credentials. ----
    case RD_KAFKA_RESP_ERR__SSL:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM:
    case RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE:
    case RD_KAFKA_RESP_ERR_SECURITY_DISABLED:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_AUTH_DISABLED:
    case RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_EXPIRED:
    case RD_KAFKA_RESP_ERR_UNACCEPTABLE_CREDENTIAL:
    case RD_KAFKA_RESP_ERR_PRINCIPAL_DESERIALIZATION_FAILURE:
      return C::kUnauthenticated;

    // ---- The client or group is in the wrong state for this call. ----
    // ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID on a commit mean the group moved
    // on: retrying the same commit cannot succeed, the partitions are being
    // revoked.
    case RD_KAFKA_RESP_ERR__FS:
    case RD_KAFKA_RESP_ERR__STATE:
    case RD_KAFKA_RESP_ERR__CONFLICT:
    case RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR__EXISTING_SUBSCRIPTION:
    case RD_KAFKA_RESP_ERR__READ_ONLY:
    case RD_KAFKA_RESP_ERR__NOT_CONFIGURED:
    case RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST:
    case RD_KAFKA_RESP_ERR__NOOP:
    // Rebalance events, not errors; they only reach a Status by mistake.
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
    case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID:
    case RD_KAFKA_RESP_ERR_INVALID_TXN_STATE:
    case RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP:
    case RD_KAFKA_RESP_ERR_MEMBER_ID_REQUIRED:
    case RD_KAFKA_RESP_ERR_GROUP_SUBSCRIBED_TO_TOPIC:
    case RD_KAFKA_RESP_ERR_ELECTION_NOT_NEEDED:
    case RD_KAFKA_RESP_ERR_NO_REASSIGNMENT_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_INCONSISTENT_VOTER_SET:
    case RD_KAFKA_RESP_ERR_FEATURE_UPDATE_FAILED:
      return C::kFailedPrecondition;

    // ---- Not supported by this broker or this librdkafka build. ----
    case RD_KAFKA_RESP_ERR__UNKNOWN_PROTOCOL:
    case RD_KAFKA_RESP_ERR__NOT_IMPLEMENTED:
    case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_COMPRESSION_TYPE:
    case RD_KAFKA_RESP_ERR_TOPIC_DELETION_DISABLED:
      return C::kUnimplemented;

    // ---- Idempotence/transactions: this producer identity is finished
    // (the fencing and sequence codes are caught before the switch). ----
    case RD_KAFKA_RESP_ERR_OPERATION_NOT_ATTEMPTED:
      return C::kAborted;

    // ---- Cut short locally: shutdown, purge, interrupt, superseded. ----
    case RD_KAFKA_RESP_ERR__DESTROY:
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
    case RD_KAFKA_RESP_ERR__INTR:
    case RD_KAFKA_RESP_ERR__OUTDATED:
      return C::kCancelled;

    // ---- Corrupt data on the wire or in the log. ----
    case RD_KAFKA_RESP_ERR__BAD_MSG:
    case RD_KAFKA_RESP_ERR__BAD_COMPRESSION:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:  // CRC mismatch.
      return C::kDataLoss;

    // ---- The client instance is unusable, or librdkafka broke itself. ----
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR__INCONSISTENT:
    case RD_KAFKA_RESP_ERR__UNDERFLOW:
      return C::kInternal;

    case RD_KAFKA_RESP_ERR__PARTIAL:
    case RD_KAFKA_RESP_ERR__APPLICATION:
    case RD_KAFKA_RESP_ERR_UNKNOWN:
    default:
      return C::kUnknown;
  }
}

absl::Status KafkaErrorToStatus(rd_kafka_resp_err_t err, std::string_view context,
                                std::string_view detail) {
  return KafkaErrorToStatus(err, KafkaErrorFlags{}, context, detail);
}

absl::Status KafkaErrorToStatus(rd_kafka_resp_err_t err, KafkaErrorFlags flags,
                                std::string_view context, std::string_view detail) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::OkStatus();
  }
  return Build(err, rd_kafka_err2name(err),
               detail.empty() ? std::string_view(rd_kafka_err2str(err)) : detail, flags, context);
}

absl::Status KafkaErrorToStatus(const rd_kafka_error_t* error, std::string_view context) {
  if (error == nullptr) {
    return absl::OkStatus();
  }
  const rd_kafka_resp_err_t err = rd_kafka_error_code(error);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::OkStatus();
  }
  const KafkaErrorFlags flags{
      .fatal = rd_kafka_error_is_fatal(error) != 0,
      .retriable = rd_kafka_error_is_retriable(error) != 0,
      .txn_requires_abort = rd_kafka_error_txn_requires_abort(error) != 0,
  };
  const char* text = rd_kafka_error_string(error);
  return Build(err, rd_kafka_error_name(error), text != nullptr ? text : rd_kafka_err2str(err),
               flags, context);
}

absl::Status KafkaErrorToStatusAndDestroy(rd_kafka_error_t* error, std::string_view context) {
  absl::Status status = KafkaErrorToStatus(error, context);
  if (error != nullptr) {
    rd_kafka_error_destroy(error);
  }
  return status;
}

namespace {

// "<context>: <topic> [<partition>] at offset <offset>"
std::string MessagePlace(const rd_kafka_message_t* message, std::string_view context) {
  std::string where;
  if (!context.empty()) {
    absl::StrAppend(&where, AsAbsl(context), ": ");
  }
  if (message->rkt != nullptr) {
    absl::StrAppend(&where, rd_kafka_topic_name(message->rkt), " [", message->partition, "]");
  } else {
    absl::StrAppend(&where, "partition ", message->partition);
  }
  if (message->offset >= 0) {
    absl::StrAppend(&where, " at offset ", message->offset);
  }
  return where;
}

}  // namespace

absl::Status KafkaDeliveryStatus(const rd_kafka_message_t* message, std::string_view context) {
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::OkStatus();
  }
  return KafkaErrorToStatus(message->err, MessagePlace(message, context));
}

absl::Status KafkaConsumerMessageStatus(const rd_kafka_message_t* message,
                                        std::string_view context) {
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::OkStatus();
  }
  std::string_view detail;
  if (message->payload != nullptr && message->len > 0) {
    detail = std::string_view(static_cast<const char*>(message->payload), message->len);
    // Some error events count a trailing NUL in len.
    while (!detail.empty() && detail.back() == '\0') {
      detail.remove_suffix(1);
    }
  }
  return KafkaErrorToStatus(message->err, MessagePlace(message, context), detail);
}

std::optional<rd_kafka_resp_err_t> KafkaErrorFromStatus(const absl::Status& status) {
  if (status.ok()) {
    return std::nullopt;
  }
  absl::optional<absl::Cord> payload = status.GetPayload(AsAbsl(kKafkaErrorPayloadUrl));
  if (!payload.has_value()) {
    return std::nullopt;
  }
  int value = 0;
  if (!absl::SimpleAtoi(std::string(*payload), &value)) {
    return std::nullopt;
  }
  return static_cast<rd_kafka_resp_err_t>(value);
}

}  // namespace wirelens::pipeline::kafka
