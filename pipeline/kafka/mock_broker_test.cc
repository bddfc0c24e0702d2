// Exercises EmbeddedBroker with real librdkafka clients (C API) over TCP:
// the same path kcat or the worker takes.
#include "pipeline/kafka/mock_broker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/kafka/kafka_status.h"

namespace wirelens::pipeline::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

// What one delivery report said.
struct Delivery {
  std::string key;
  absl::Status status;
  int32_t partition = -1;
  int64_t offset = -1;
};

// Delivery reports land here, on the thread calling poll/flush.
struct Deliveries {
  std::vector<Delivery> reports;
};

void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque) {
  auto* deliveries = static_cast<Deliveries*>(opaque);
  deliveries->reports.push_back(
      Delivery{std::string(static_cast<const char*>(message->key), message->key_len),
               KafkaDeliveryStatus(message, "delivery"), message->partition, message->offset});
}

absl::Status Set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char errstr[256];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof(errstr)) !=
      RD_KAFKA_CONF_OK) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", errstr));
  }
  return absl::OkStatus();
}

Handle MakeClient(rd_kafka_type_t type, const std::string& bootstrap,
                  const std::map<std::string, std::string>& extra,
                  Deliveries* deliveries = nullptr) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  EXPECT_TRUE(Set(conf, "bootstrap.servers", bootstrap).ok());
  for (const auto& [name, value] : extra) {
    EXPECT_TRUE(Set(conf, name, value).ok()) << name;
  }
  if (deliveries != nullptr) {
    rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
    rd_kafka_conf_set_opaque(conf, deliveries);
  }
  char errstr[256];
  rd_kafka_t* rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
  EXPECT_NE(rk, nullptr) << errstr;
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
  }
  return Handle(rk);
}

struct Record {
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
};

absl::Status Produce(rd_kafka_t* producer, const std::string& topic, const Record& record) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(record.headers.size());
  for (const auto& [name, value] : record.headers) {
    rd_kafka_header_add(headers, name.data(), name.size(), value.data(), value.size());
  }
  // On success the message owns `headers`.
  rd_kafka_resp_err_t err = rd_kafka_producev(
      producer, RD_KAFKA_V_TOPIC(topic.c_str()),
      RD_KAFKA_V_KEY(record.key.data(), record.key.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(record.value.data()), record.value.size()),
      RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(headers);
  }
  return KafkaErrorToStatus(err, "produce");
}

struct Consumed {
  Record record;
  int32_t partition;
  int64_t offset;
};

// Consumes until `want` messages arrived or `timeout` passed.
std::vector<Consumed> ConsumeN(rd_kafka_t* consumer, size_t want, absl::Duration timeout) {
  std::vector<Consumed> out;
  const absl::Time deadline = absl::Now() + timeout;
  while (out.size() < want && absl::Now() < deadline) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer, 100);
    if (message == nullptr) {
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // Transient consumer events (e.g. partition EOF) are not data.
      rd_kafka_message_destroy(message);
      continue;
    }
    Consumed c;
    c.partition = message->partition;
    c.offset = message->offset;
    c.record.key.assign(static_cast<const char*>(message->key), message->key_len);
    c.record.value.assign(static_cast<const char*>(message->payload), message->len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* value;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        c.record.headers.emplace_back(name, std::string(static_cast<const char*>(value), size));
      }
    }
    rd_kafka_message_destroy(message);
    out.push_back(std::move(c));
  }
  return out;
}

Handle MakeSubscribedConsumer(const std::string& bootstrap, const std::string& group,
                              const std::string& topic) {
  Handle consumer = MakeClient(
      RD_KAFKA_CONSUMER, bootstrap,
      {{"group.id", group}, {"auto.offset.reset", "earliest"}, {"enable.auto.commit", "false"}});
  if (consumer == nullptr) {
    return consumer;
  }
  rd_kafka_poll_set_consumer(consumer.get());
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
  EXPECT_EQ(rd_kafka_subscribe(consumer.get(), topics), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(topics);
  return consumer;
}

void CloseConsumer(Handle& consumer) {
  if (consumer != nullptr) {
    rd_kafka_consumer_close(consumer.get());
  }
  consumer.reset();
}

// Partition count of `topic` as the cluster reports it; -1 on error.
int PartitionCount(rd_kafka_t* rk, const std::string& topic, int* brokers) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  int count = -1;
  if (rd_kafka_metadata(rk, 0, rkt, &metadata, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      count = metadata->topics[0].partition_cnt;
    }
    if (brokers != nullptr) {
      *brokers = metadata->broker_cnt;
    }
    rd_kafka_metadata_destroy(metadata);
  }
  rd_kafka_topic_destroy(rkt);
  return count;
}

// Produces `records` and waits for all delivery reports.
std::vector<Delivery> ProduceAll(rd_kafka_t* producer, Deliveries* deliveries,
                                 const std::string& topic, const std::vector<Record>& records) {
  deliveries->reports.clear();
  for (const Record& r : records) {
    absl::Status status = Produce(producer, topic, r);
    EXPECT_TRUE(status.ok()) << status;
  }
  EXPECT_EQ(rd_kafka_flush(producer, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  return deliveries->reports;
}

Record MakeRecord(int i) {
  return Record{
      absl::StrCat("key-", i),
      absl::StrCat("value-", i, "-payload"),
      {{"trace-id", absl::StrCat("trace-", i)}, {"source", "mock_broker_test"}, {"empty", ""}}};
}

TEST(EmbeddedBrokerTest, ProduceAndConsumeKeyedMessagesWithHeaders) {
  EmbeddedBroker::Options options;
  options.topics.push_back({"articles", 3, 1});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  const std::string bootstrap = (*broker)->bootstrap_servers();
  EXPECT_THAT(bootstrap, HasSubstr("127.0.0.1:"));
  EXPECT_EQ((*broker)->bootstrap_port(), std::nullopt);

  Deliveries deliveries;
  Handle producer =
      MakeClient(RD_KAFKA_PRODUCER, bootstrap, {{"enable.idempotence", "true"}}, &deliveries);
  ASSERT_NE(producer, nullptr);
  int brokers = 0;
  EXPECT_EQ(PartitionCount(producer.get(), "articles", &brokers), 3);
  EXPECT_EQ(brokers, 1);

  constexpr int kMessages = 100;
  std::vector<Record> records;
  for (int i = 0; i < kMessages; ++i) {
    records.push_back(MakeRecord(i));
  }
  std::vector<Delivery> reports = ProduceAll(producer.get(), &deliveries, "articles", records);
  ASSERT_THAT(reports, SizeIs(kMessages));
  std::set<int32_t> partitions_used;
  std::map<std::string, const Delivery*> delivery_of_key;
  for (const Delivery& d : reports) {
    EXPECT_TRUE(d.status.ok()) << d.status;
    EXPECT_GE(d.offset, 0);
    partitions_used.insert(d.partition);
    EXPECT_TRUE(delivery_of_key.emplace(d.key, &d).second) << d.key;
  }
  // 100 distinct keys hash onto all 3 partitions.
  EXPECT_THAT(partitions_used, SizeIs(3));

  Handle consumer = MakeSubscribedConsumer(bootstrap, "wirelens-test", "articles");
  ASSERT_NE(consumer, nullptr);
  std::vector<Consumed> consumed = ConsumeN(consumer.get(), kMessages, absl::Seconds(60));
  ASSERT_THAT(consumed, SizeIs(kMessages));

  std::map<std::string, const Consumed*> by_key;
  std::map<int32_t, int64_t> last_offset;
  for (const Consumed& c : consumed) {
    EXPECT_TRUE(by_key.emplace(c.record.key, &c).second) << "duplicate " << c.record.key;
    // Offsets increase within each partition.
    auto [it, inserted] = last_offset.emplace(c.partition, c.offset);
    if (!inserted) {
      EXPECT_GT(c.offset, it->second);
      it->second = c.offset;
    }
  }
  for (int i = 0; i < kMessages; ++i) {
    const Record& want = records[i];
    auto it = by_key.find(want.key);
    ASSERT_NE(it, by_key.end()) << want.key;
    const Record& got = it->second->record;
    EXPECT_EQ(got.value, want.value);
    EXPECT_EQ(got.headers, want.headers) << want.key;
    // The delivery report and the consumer agree on where it landed.
    const Delivery& delivered = *delivery_of_key.at(want.key);
    EXPECT_EQ(it->second->partition, delivered.partition) << want.key;
    EXPECT_EQ(it->second->offset, delivered.offset) << want.key;
  }

  // Commit and read the committed offsets back from the group coordinator.
  ASSERT_EQ(rd_kafka_commit(consumer.get(), nullptr, /*async=*/0), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_t* committed = rd_kafka_topic_partition_list_new(3);
  for (int p = 0; p < 3; ++p) {
    rd_kafka_topic_partition_list_add(committed, "articles", p);
  }
  ASSERT_EQ(rd_kafka_committed(consumer.get(), committed, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  int64_t total = 0;
  for (int i = 0; i < committed->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = committed->elems[i];
    EXPECT_EQ(tp.err, RD_KAFKA_RESP_ERR_NO_ERROR);
    EXPECT_EQ(tp.offset, last_offset[tp.partition] + 1);
    total += tp.offset;
  }
  rd_kafka_topic_partition_list_destroy(committed);
  EXPECT_EQ(total, kMessages);
  CloseConsumer(consumer);
}

TEST(EmbeddedBrokerTest, BootstrapPortRelaysToTheCluster) {
  EmbeddedBroker::Options options;
  options.num_brokers = 3;
  options.bootstrap_port = 0;  // Any free port.
  options.topics.push_back({"relayed", 2, 3});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  ASSERT_TRUE((*broker)->bootstrap_port().has_value());
  const std::string relay = absl::StrCat("127.0.0.1:", *(*broker)->bootstrap_port());
  EXPECT_EQ((*broker)->bootstrap_servers(),
            absl::StrCat(relay, ",", (*broker)->broker_addresses()));

  // Bootstrap through the relay alone.
  Deliveries deliveries;
  Handle producer = MakeClient(RD_KAFKA_PRODUCER, relay, {}, &deliveries);
  ASSERT_NE(producer, nullptr);
  int brokers = 0;
  EXPECT_EQ(PartitionCount(producer.get(), "relayed", &brokers), 2);
  EXPECT_EQ(brokers, 3);
  std::vector<Record> records;
  for (int i = 0; i < 10; ++i) {
    records.push_back(MakeRecord(i));
  }
  std::vector<Delivery> reports = ProduceAll(producer.get(), &deliveries, "relayed", records);
  ASSERT_THAT(reports, SizeIs(10));
  for (const Delivery& d : reports) {
    EXPECT_TRUE(d.status.ok()) << d.status;
  }

  Handle consumer = MakeSubscribedConsumer(relay, "relay-group", "relayed");
  ASSERT_NE(consumer, nullptr);
  std::vector<Consumed> consumed = ConsumeN(consumer.get(), 10, absl::Seconds(60));
  ASSERT_THAT(consumed, SizeIs(10));
  std::set<std::string> keys;
  for (const Consumed& c : consumed) {
    keys.insert(c.record.key);
  }
  EXPECT_THAT(keys, SizeIs(10));
  CloseConsumer(consumer);
}

TEST(EmbeddedBrokerTest, BootstrapPortInUseFails) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);

  EmbeddedBroker::Options options;
  options.bootstrap_port = ntohs(addr.sin_port);
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  EXPECT_EQ(broker.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(broker.status().message()), HasSubstr("bootstrap port"));
  ::close(fd);
}

TEST(EmbeddedBrokerTest, RejectsBadOptions) {
  EmbeddedBroker::Options no_brokers;
  no_brokers.num_brokers = 0;
  EXPECT_EQ(EmbeddedBroker::Start(no_brokers).status().code(), absl::StatusCode::kInvalidArgument);

  EmbeddedBroker::Options zero_partitions;
  zero_partitions.topics.push_back({"t", 0, 1});
  EXPECT_EQ(EmbeddedBroker::Start(zero_partitions).status().code(),
            absl::StatusCode::kInvalidArgument);

  EmbeddedBroker::Options too_many_replicas;
  too_many_replicas.num_brokers = 2;
  too_many_replicas.topics.push_back({"t", 1, 3});
  EXPECT_EQ(EmbeddedBroker::Start(too_many_replicas).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EmbeddedBrokerTest, CreateTopicTwiceIsAlreadyExists) {
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  EXPECT_TRUE((*broker)->CreateTopic({"dup", 2, 1}).ok());
  absl::Status again = (*broker)->CreateTopic({"dup", 2, 1});
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(again.message()), HasSubstr("TOPIC_ALREADY_EXISTS"));
  EXPECT_EQ((*broker)->CreateTopic({"", 1, 1}).code(), absl::StatusCode::kInvalidArgument);
}

// Produce errors injected by the broker reach the delivery report, mapped
// through kafka_status: retriable ones are retried away by the client,
// permanent ones fail the message with a meaningful code.
TEST(EmbeddedBrokerTest, InjectedProduceErrors) {
  EmbeddedBroker::Options options;
  options.topics.push_back({"out", 1, 1});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  Deliveries deliveries;
  Handle producer = MakeClient(RD_KAFKA_PRODUCER, (*broker)->bootstrap_servers(),
                               {{"retry.backoff.ms", "10"}}, &deliveries);
  ASSERT_NE(producer, nullptr);
  // Warm up: metadata and connection.
  ASSERT_TRUE(ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(0)}).at(0).status.ok());

  (*broker)->PushRequestErrors(KafkaApi::kProduce, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 3);
  std::vector<Delivery> retried = ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(1)});
  ASSERT_THAT(retried, SizeIs(1));
  EXPECT_TRUE(retried[0].status.ok()) << retried[0].status;

  // A permanent error fails the message. (Not TOPIC_AUTHORIZATION_FAILED
  // here: librdkafka caches that one on the topic and fails later produce
  // calls up front.)
  (*broker)->PushRequestErrors(
      KafkaApi::kProduce, std::vector<rd_kafka_resp_err_t>{RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE});
  std::vector<Delivery> too_large = ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(2)});
  ASSERT_THAT(too_large, SizeIs(1));
  EXPECT_EQ(too_large[0].status.code(), absl::StatusCode::kOutOfRange) << too_large[0].status;
  EXPECT_THAT(std::string(too_large[0].status.message()),
              HasSubstr("delivery: out [0]: MSG_SIZE_TOO_LARGE (10)"));
  EXPECT_THAT(KafkaErrorFromStatus(too_large[0].status),
              ::testing::Optional(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE));

  // The error stack is used up: the next message goes through.
  EXPECT_TRUE(ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(3)}).at(0).status.ok());
}

TEST(EmbeddedBrokerTest, BrokerDownTimesOutThenRecovers) {
  EmbeddedBroker::Options options;
  options.topics.push_back({"out", 1, 1});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  Deliveries deliveries;
  Handle producer = MakeClient(RD_KAFKA_PRODUCER, (*broker)->bootstrap_servers(),
                               {{"message.timeout.ms", "1500"},
                                // Reconnect quickly once the broker is back.
                                {"reconnect.backoff.ms", "20"},
                                {"reconnect.backoff.max.ms", "100"}},
                               &deliveries);
  ASSERT_NE(producer, nullptr);
  ASSERT_TRUE(ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(0)}).at(0).status.ok());

  ASSERT_TRUE((*broker)->SetBrokerDown(1).ok());
  std::vector<Delivery> lost = ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(1)});
  ASSERT_THAT(lost, SizeIs(1));
  EXPECT_EQ(lost[0].status.code(), absl::StatusCode::kDeadlineExceeded) << lost[0].status;
  EXPECT_THAT(std::string(lost[0].status.message()), HasSubstr("_MSG_TIMED_OUT"));

  ASSERT_TRUE((*broker)->SetBrokerUp(1).ok());
  std::vector<Delivery> back = ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(2)});
  ASSERT_THAT(back, SizeIs(1));
  EXPECT_TRUE(back[0].status.ok()) << back[0].status;
}

TEST(EmbeddedBrokerTest, InjectedOffsetCommitErrorSurfacesThenClears) {
  EmbeddedBroker::Options options;
  options.topics.push_back({"in", 1, 1});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  const std::string bootstrap = (*broker)->bootstrap_servers();
  Deliveries deliveries;
  Handle producer = MakeClient(RD_KAFKA_PRODUCER, bootstrap, {}, &deliveries);
  ASSERT_NE(producer, nullptr);
  ProduceAll(producer.get(), &deliveries, "in", {MakeRecord(0), MakeRecord(1)});

  Handle consumer = MakeSubscribedConsumer(bootstrap, "commit-group", "in");
  ASSERT_NE(consumer, nullptr);
  ASSERT_THAT(ConsumeN(consumer.get(), 2, absl::Seconds(60)), SizeIs(2));

  (*broker)->PushRequestErrors(KafkaApi::kOffsetCommit, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, 1);
  absl::Status first =
      KafkaErrorToStatus(rd_kafka_commit(consumer.get(), nullptr, /*async=*/0), "commit");
  EXPECT_EQ(first.code(), absl::StatusCode::kUnavailable) << first;
  EXPECT_THAT(std::string(first.message()), HasSubstr("REBALANCE_IN_PROGRESS"));
  absl::Status second =
      KafkaErrorToStatus(rd_kafka_commit(consumer.get(), nullptr, /*async=*/0), "commit");
  EXPECT_TRUE(second.ok()) << second;
  CloseConsumer(consumer);
}

TEST(EmbeddedBrokerTest, BrokerErrorStackAndRtt) {
  EmbeddedBroker::Options options;
  options.num_brokers = 2;
  options.topics.push_back({"out", 1, 1});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  EmbeddedBroker& b = **broker;

  EXPECT_EQ(b.SetRtt(99, absl::Milliseconds(5)).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(b.SetRtt(1, absl::Milliseconds(-1)).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(b.SetRtt(EmbeddedBroker::kAllBrokers, absl::ZeroDuration()).ok());
  EXPECT_EQ(b.PendingBrokerRequestErrors(99, KafkaApi::kProduce).status().code(),
            absl::StatusCode::kNotFound);

  // Pin the partition to broker 2 so we know who serves the produce.
  ASSERT_TRUE(b.SetPartitionLeader("out", 0, 2).ok());
  EXPECT_EQ(b.SetPartitionLeader("out", 7, 1).code(), absl::StatusCode::kNotFound);

  const std::vector<rd_kafka_resp_err_t> errors = {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                                   RD_KAFKA_RESP_ERR_NO_ERROR};
  ASSERT_TRUE(
      b.PushBrokerRequestErrors(2, KafkaApi::kProduce, errors, absl::Milliseconds(50)).ok());
  absl::StatusOr<size_t> pending = b.PendingBrokerRequestErrors(2, KafkaApi::kProduce);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(*pending, 2u);

  Deliveries deliveries;
  Handle producer = MakeClient(RD_KAFKA_PRODUCER, b.bootstrap_servers(),
                               {{"retry.backoff.ms", "10"}}, &deliveries);
  ASSERT_NE(producer, nullptr);
  // First produce request fails (retriable) and is retried: both stack
  // entries are used up and the message lands.
  std::vector<Delivery> reports = ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(0)});
  ASSERT_THAT(reports, SizeIs(1));
  EXPECT_TRUE(reports[0].status.ok()) << reports[0].status;
  pending = b.PendingBrokerRequestErrors(2, KafkaApi::kProduce);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(*pending, 0u);

  // A slow broker delays delivery by at least its rtt (a lower bound only:
  // nothing here depends on how fast the machine is).
  ASSERT_TRUE(b.SetRtt(2, absl::Milliseconds(300)).ok());
  const absl::Time start = absl::Now();
  reports = ProduceAll(producer.get(), &deliveries, "out", {MakeRecord(1)});
  ASSERT_THAT(reports, SizeIs(1));
  EXPECT_TRUE(reports[0].status.ok());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(300));
}

TEST(EmbeddedBrokerTest, TopicErrorShowsInMetadata) {
  EmbeddedBroker::Options options;
  options.topics.push_back({"secret", 1, 1});
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  ASSERT_TRUE(broker.ok()) << broker.status();
  (*broker)->SetTopicError("secret", RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  Handle client = MakeClient(RD_KAFKA_PRODUCER, (*broker)->bootstrap_servers(), {});
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(PartitionCount(client.get(), "secret", nullptr), -1);

  (*broker)->SetTopicError("secret", RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(PartitionCount(client.get(), "secret", nullptr), 1);
}

}  // namespace
}  // namespace wirelens::pipeline::kafka
