#include "pipeline/kafka/kafka_status.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using C = absl::StatusCode;

struct MappingCase {
  rd_kafka_resp_err_t err;
  C code;
};

class KafkaErrorCodeTest : public ::testing::TestWithParam<MappingCase> {};

TEST_P(KafkaErrorCodeTest, MapsToExpectedCode) {
  const MappingCase& c = GetParam();
  EXPECT_EQ(KafkaErrorCode(c.err), c.code) << rd_kafka_err2name(c.err) << " mapped to "
                                           << absl::StatusCodeToString(KafkaErrorCode(c.err));
  absl::Status status = KafkaErrorToStatus(c.err);
  EXPECT_EQ(status.code(), c.code);
  EXPECT_THAT(KafkaErrorFromStatus(status), Optional(c.err));
}

INSTANTIATE_TEST_SUITE_P(
    Transient, KafkaErrorCodeTest,
    ::testing::Values(MappingCase{RD_KAFKA_RESP_ERR__TRANSPORT, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR__RESOLVE, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_NOT_COORDINATOR, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, C::kUnavailable},
                      MappingCase{RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, C::kDeadlineExceeded},
                      MappingCase{RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, C::kDeadlineExceeded},
                      MappingCase{RD_KAFKA_RESP_ERR__TIMED_OUT, C::kDeadlineExceeded},
                      MappingCase{RD_KAFKA_RESP_ERR__QUEUE_FULL, C::kResourceExhausted},
                      MappingCase{RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED,
                                  C::kResourceExhausted}));

INSTANTIATE_TEST_SUITE_P(
    FatalOrConfig, KafkaErrorCodeTest,
    ::testing::Values(
        MappingCase{RD_KAFKA_RESP_ERR__INVALID_ARG, C::kInvalidArgument},
        MappingCase{RD_KAFKA_RESP_ERR_INVALID_CONFIG, C::kInvalidArgument},
        MappingCase{RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, C::kInvalidArgument},
        MappingCase{RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, C::kNotFound},
        MappingCase{RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, C::kNotFound},
        MappingCase{RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, C::kNotFound},
        MappingCase{RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, C::kPermissionDenied},
        MappingCase{RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED, C::kPermissionDenied},
        MappingCase{RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, C::kUnauthenticated},
        MappingCase{RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM, C::kUnauthenticated},
        MappingCase{RD_KAFKA_RESP_ERR__AUTHENTICATION, C::kUnauthenticated},
        MappingCase{RD_KAFKA_RESP_ERR__SSL, C::kUnauthenticated},
        MappingCase{RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, C::kFailedPrecondition},
        MappingCase{RD_KAFKA_RESP_ERR__STATE, C::kFailedPrecondition},
        MappingCase{RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION, C::kUnimplemented},
        MappingCase{RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS, C::kAlreadyExists}));

INSTANTIATE_TEST_SUITE_P(
    SizeAndRange, KafkaErrorCodeTest,
    ::testing::Values(MappingCase{RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, C::kOutOfRange},
                      MappingCase{RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, C::kOutOfRange},
                      MappingCase{RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE, C::kOutOfRange},
                      MappingCase{RD_KAFKA_RESP_ERR__PARTITION_EOF, C::kOutOfRange}));

INSTANTIATE_TEST_SUITE_P(
    FatalAndFencing, KafkaErrorCodeTest,
    ::testing::Values(MappingCase{RD_KAFKA_RESP_ERR__FATAL, C::kInternal},
                      MappingCase{RD_KAFKA_RESP_ERR__INCONSISTENT, C::kInternal},
                      MappingCase{RD_KAFKA_RESP_ERR__FENCED, C::kAborted},
                      MappingCase{RD_KAFKA_RESP_ERR_PRODUCER_FENCED, C::kAborted},
                      MappingCase{RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, C::kAborted},
                      MappingCase{RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID, C::kAborted},
                      MappingCase{RD_KAFKA_RESP_ERR__GAPLESS_GUARANTEE, C::kAborted},
                      MappingCase{RD_KAFKA_RESP_ERR__DESTROY, C::kCancelled},
                      MappingCase{RD_KAFKA_RESP_ERR__PURGE_QUEUE, C::kCancelled},
                      MappingCase{RD_KAFKA_RESP_ERR__BAD_MSG, C::kDataLoss},
                      MappingCase{RD_KAFKA_RESP_ERR_INVALID_MSG, C::kDataLoss},
                      MappingCase{RD_KAFKA_RESP_ERR_UNKNOWN, C::kUnknown}));

TEST(KafkaErrorCodeTest, NoErrorIsOk) {
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_NO_ERROR), C::kOk);
  EXPECT_TRUE(KafkaErrorToStatus(RD_KAFKA_RESP_ERR_NO_ERROR, "ctx").ok());
}

// Every code librdkafka 2.0.2 can describe gets a deliberate mapping: only
// the unknown/application/partial codes may fall through to kUnknown. This
// catches codes forgotten in the switch (and new ones after an upgrade).
TEST(KafkaErrorCodeTest, EveryKnownCodeHasADeliberateMapping) {
  const struct rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  ASSERT_GT(count, 100u);
  int checked = 0;
  for (size_t i = 0; i < count; ++i) {
    if (descs[i].name == nullptr) {
      continue;  // Holes in the table.
    }
    const rd_kafka_resp_err_t err = descs[i].code;
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__BEGIN ||
        err == RD_KAFKA_RESP_ERR__END || err == RD_KAFKA_RESP_ERR_UNKNOWN ||
        err == RD_KAFKA_RESP_ERR__APPLICATION || err == RD_KAFKA_RESP_ERR__PARTIAL) {
      continue;
    }
    ++checked;
    EXPECT_NE(KafkaErrorCode(err), C::kUnknown)
        << descs[i].name << " (" << err << ") has no mapping";
    EXPECT_NE(KafkaErrorCode(err), C::kOk) << descs[i].name;
  }
  EXPECT_GT(checked, 100);
}

TEST(KafkaErrorToStatusTest, MessageKeepsNameCodeTextAndContext) {
  absl::Status status = KafkaErrorToStatus(RD_KAFKA_RESP_ERR__TRANSPORT, "produce to out");
  EXPECT_EQ(status.code(), C::kUnavailable);
  EXPECT_EQ(status.message(), std::string("produce to out: _TRANSPORT (-195): ") +
                                  rd_kafka_err2str(RD_KAFKA_RESP_ERR__TRANSPORT));
}

TEST(KafkaErrorToStatusTest, NoContextHasNoLeadingSeparator) {
  absl::Status status = KafkaErrorToStatus(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
  EXPECT_EQ(status.code(), C::kOutOfRange);
  EXPECT_THAT(std::string(status.message()), ::testing::StartsWith("MSG_SIZE_TOO_LARGE (10): "));
}

TEST(KafkaErrorToStatusTest, DetailReplacesGenericText) {
  absl::Status status =
      KafkaErrorToStatus(RD_KAFKA_RESP_ERR__INVALID_ARG, "config", "linger.ms: value 1e9 too big");
  EXPECT_EQ(status.message(), "config: _INVALID_ARG (-186): linger.ms: value 1e9 too big");
}

TEST(KafkaErrorToStatusTest, FatalFlagMakesInternalOrAborted) {
  absl::Status plain =
      KafkaErrorToStatus(RD_KAFKA_RESP_ERR__TRANSPORT, KafkaErrorFlags{.fatal = true});
  EXPECT_EQ(plain.code(), C::kInternal);
  EXPECT_THAT(std::string(plain.message()), HasSubstr("[fatal]"));

  absl::Status fenced =
      KafkaErrorToStatus(RD_KAFKA_RESP_ERR_PRODUCER_FENCED, KafkaErrorFlags{.fatal = true}, "tx");
  EXPECT_EQ(fenced.code(), C::kAborted);
  EXPECT_THAT(std::string(fenced.message()), HasSubstr("tx: PRODUCER_FENCED (90): "));
  EXPECT_THAT(KafkaErrorFromStatus(fenced), Optional(RD_KAFKA_RESP_ERR_PRODUCER_FENCED));
}

TEST(KafkaErrorToStatusTest, TxnRequiresAbortIsAborted) {
  absl::Status status =
      KafkaErrorToStatus(RD_KAFKA_RESP_ERR__TIMED_OUT, KafkaErrorFlags{.txn_requires_abort = true});
  EXPECT_EQ(status.code(), C::kAborted);
  EXPECT_THAT(std::string(status.message()), HasSubstr("[txn_requires_abort]"));
}

TEST(KafkaErrorToStatusTest, RetriableFlagUpgradesOnlyNonTransientCodes) {
  // Already transient: keeps its more specific code.
  EXPECT_EQ(
      KafkaErrorToStatus(RD_KAFKA_RESP_ERR__TIMED_OUT, KafkaErrorFlags{.retriable = true}).code(),
      C::kDeadlineExceeded);
  // librdkafka says a retry may work: trust it.
  absl::Status status =
      KafkaErrorToStatus(RD_KAFKA_RESP_ERR__STATE, KafkaErrorFlags{.retriable = true});
  EXPECT_EQ(status.code(), C::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("[retriable]"));
}

TEST(KafkaErrorObjectTest, NullIsOk) {
  EXPECT_TRUE(KafkaErrorToStatus(static_cast<const rd_kafka_error_t*>(nullptr)).ok());
  EXPECT_TRUE(KafkaErrorToStatusAndDestroy(nullptr).ok());
}

TEST(KafkaErrorObjectTest, UsesObjectStringAndCode) {
  rd_kafka_error_t* error =
      rd_kafka_error_new(RD_KAFKA_RESP_ERR_NOT_COORDINATOR, "coordinator moved to broker %d", 3);
  ASSERT_NE(error, nullptr);
  absl::Status status = KafkaErrorToStatus(error, "commit");
  EXPECT_EQ(status.code(), C::kUnavailable);
  EXPECT_EQ(status.message(), "commit: NOT_COORDINATOR (16): coordinator moved to broker 3");
  // Not owned: still valid here.
  EXPECT_EQ(rd_kafka_error_code(error), RD_KAFKA_RESP_ERR_NOT_COORDINATOR);
  rd_kafka_error_destroy(error);
}

TEST(KafkaErrorObjectTest, AndDestroyTakesOwnership) {
  // Leak checkers (the asan preset) verify the destroy.
  absl::Status status = KafkaErrorToStatusAndDestroy(rd_kafka_error_new(
      RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, "not allowed to write %s", "wirelens.out"));
  EXPECT_EQ(status.code(), C::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("not allowed to write wirelens.out"));
}

TEST(KafkaMessageStatusTest, OkMessage) {
  rd_kafka_message_t message{};
  message.err = RD_KAFKA_RESP_ERR_NO_ERROR;
  EXPECT_TRUE(KafkaDeliveryStatus(&message).ok());
  EXPECT_TRUE(KafkaConsumerMessageStatus(&message).ok());
}

TEST(KafkaMessageStatusTest, DeliveryErrorCarriesPlaceAndIgnoresPayload) {
  // In a delivery report the payload is the message value, not an error
  // string, and is not NUL-terminated.
  char value[] = {'v', 'a', 'l', 'u', 'e'};
  rd_kafka_message_t message{};
  message.err = RD_KAFKA_RESP_ERR__MSG_TIMED_OUT;
  message.partition = 2;
  message.offset = 41;
  message.payload = value;
  message.len = sizeof(value);
  absl::Status status = KafkaDeliveryStatus(&message, "delivery");
  EXPECT_EQ(status.code(), C::kDeadlineExceeded);
  EXPECT_EQ(status.message(), std::string("delivery: partition 2 at offset 41: _MSG_TIMED_OUT "
                                          "(-192): ") +
                                  rd_kafka_err2str(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT));
}

TEST(KafkaMessageStatusTest, ConsumerErrorUsesPayloadAsDetail) {
  std::string text = "Fetch from broker 1 failed: connection refused";
  rd_kafka_message_t message{};
  message.err = RD_KAFKA_RESP_ERR__TRANSPORT;
  message.partition = 0;
  message.offset = -1001;  // RD_KAFKA_OFFSET_INVALID: not shown.
  message.payload = text.data();
  message.len = text.size();
  absl::Status status = KafkaConsumerMessageStatus(&message, "poll");
  EXPECT_EQ(status.code(), C::kUnavailable);
  EXPECT_EQ(status.message(),
            "poll: partition 0: _TRANSPORT (-195): Fetch from broker 1 "
            "failed: connection refused");
}

TEST(KafkaErrorFromStatusTest, ForeignAndOkStatusesHaveNoCode) {
  EXPECT_EQ(KafkaErrorFromStatus(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(KafkaErrorFromStatus(absl::UnavailableError("x")), std::nullopt);
}

}  // namespace
}  // namespace wirelens::pipeline::kafka
