"""Shared machinery for the wirelens end-to-end suites.

The suites run the real binaries as separate processes, exactly as they run
in production: `wirelens broker` (librdkafka's mock cluster behind the Kafka
protocol, with fault injection on its --control stdin) and one or more
`wirelens run` workers. Test data goes in with kcat or confluent-kafka and
comes out through confluent-kafka, decoded with Python classes that protoc
generates from proto/ into a temporary directory at start-up (generated code
is never committed).

Every wait is bounded, and every process a test starts is killed in its
teardown (Procs.close), whatever happens. Logs of each process go to a
per-test directory, printed when a test fails and kept with --keep-logs.

Run a suite directly:
  /usr/bin/python3 tests/e2e/test_formats.py --wirelens build/release/pipeline/wirelens \
      [-v] [--keep-logs | --log-dir DIR] [--dump-logs] [Class.test_name ...]
Process logs are printed when a test fails; --dump-logs prints them always.

Exit codes: 0 passed, 1 failed, 77 skipped (a prerequisite is missing; the
reason is printed as "skipped because ...").
"""

import argparse
import atexit
import collections
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

SKIP_RETURN_CODE = 77
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTICLES_DIR = os.path.join(REPO_ROOT, "tests", "data", "articles")
ENRICHMENT_CONTENT_TYPE = "application/x-protobuf; messageType=wirelens.v1.Enrichment"


class Config:
    """Command-line options shared by every suite (set by main())."""

    wirelens = None
    keep_logs = False
    log_root = None
    verbose = False


def log(msg):
    """Progress and measured figures; stderr so unittest's output stays tidy."""
    sys.stderr.write("[e2e %s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


def figure(name, value):
    """A measured figure, in a greppable form: `FIGURE name=value`."""
    sys.stderr.write("FIGURE %s=%s\n" % (name, value))
    sys.stderr.flush()


# ---------------------------------------------------------------- prerequisites

def missing_prerequisite():
    """Returns why the suite cannot run here, or None."""
    try:
        import confluent_kafka  # noqa: F401
    except ImportError as e:
        return "confluent_kafka is not importable by %s (%s); install python3-confluent-kafka" % (
            sys.executable, e)
    try:
        import google.protobuf  # noqa: F401
    except ImportError as e:
        return "google.protobuf is not importable (%s); install python3-protobuf" % e
    for tool in ("kcat", "protoc"):
        if shutil.which(tool) is None:
            return "%s is not on PATH" % tool
    return None


# ---------------------------------------------------------------- protobuf classes

_pb = None


def protos():
    """The generated wirelens.v1 Python modules, as pb.article / pb.enrichment.

    Generated once per process into a temporary directory removed at exit.
    """
    global _pb
    if _pb is not None:
        return _pb
    out = tempfile.mkdtemp(prefix="wirelens-e2e-pb-")
    atexit.register(shutil.rmtree, out, True)
    proto_root = os.path.join(REPO_ROOT, "proto")
    files = ["wirelens/v1/article.proto", "wirelens/v1/enrichment.proto"]
    cmd = ["protoc", "-I", proto_root]
    if os.path.isdir("/usr/include/google/protobuf"):
        cmd += ["-I", "/usr/include"]
    cmd += ["--python_out=" + out] + files
    subprocess.run(cmd, check=True, cwd=proto_root, timeout=60)
    sys.path.insert(0, out)
    from wirelens.v1 import article_pb2, enrichment_pb2  # noqa: E402

    _pb = collections.namedtuple("Protos", "article enrichment")(article_pb2, enrichment_pb2)
    return _pb


# ---------------------------------------------------------------- helpers

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, interval=0.05, what="condition"):
    """Polls predicate() until true; returns its value or raises TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError("timed out after %.1fs waiting for %s" % (timeout, what))
        time.sleep(interval)


def tail(path, lines=40):
    try:
        with open(path, "rb") as f:
            data = f.read()[-20000:]
        return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def sha(b):
    return hashlib.sha256(b or b"").hexdigest()[:16]


def headers_dict(msg):
    """Kafka headers as {name: bytes}; a repeated name keeps the last value."""
    return {k: v for k, v in (msg.headers() or [])}


def header_list(msg):
    return list(msg.headers() or [])


# ---------------------------------------------------------------- processes

class _Proc:
    """A child process in its own session, its output captured to a log file."""

    def __init__(self, name, argv, logdir, stdin=None, stdout_pipe=False, env=None):
        self.name = name
        self.argv = argv
        self.log_path = os.path.join(logdir, name + ".log")
        self._log = open(self.log_path, "ab")
        self._log.write(("$ %s\n" % " ".join(argv)).encode())
        self._log.flush()
        self.popen = subprocess.Popen(
            argv, stdin=stdin, stdout=subprocess.PIPE if stdout_pipe else self._log,
            stderr=self._log, start_new_session=True, env=env)
        self.started = time.monotonic()

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def signal(self, sig):
        if self.alive():
            os.kill(self.popen.pid, sig)

    def wait(self, timeout):
        """Exit code, or None if still running after timeout seconds."""
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        """SIGKILL this process only (by pid), and reap it."""
        if self.alive():
            try:
                os.kill(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.wait(10)
        self._close_files()

    def _close_files(self):
        for f in (self.popen.stdin, self.popen.stdout):
            try:
                if f:
                    f.close()
            except OSError:
                pass
        if not self._log.closed:
            self._log.close()

    def log_tail(self, lines=40):
        if not self._log.closed:
            self._log.flush()
        return tail(self.log_path, lines)


class Broker(_Proc):
    """`wirelens broker --control`: the mock cluster, driven over stdin.

    The first stdout line is `bootstrap=<host:port>`; each control command
    is answered by one line, "ok" or "error: ...".
    """

    def __init__(self, logdir, brokers=1, partitions=4, topics=(), name="broker"):
        argv = [Config.wirelens, "broker", "--port=0", "--brokers=%d" % brokers,
                "--partitions=%d" % partitions, "--control"]
        if topics:
            argv.append("--topics=" + ",".join(topics))
        super().__init__(name, argv, logdir, stdin=subprocess.PIPE, stdout_pipe=True)
        self.brokers = brokers
        self.partitions = partitions
        self._lines = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._lock = threading.Lock()
        try:
            first = self._lines.get(timeout=30)
        except queue.Empty:
            raise RuntimeError("broker printed no bootstrap line in 30s; log:\n" + self.log_tail())
        if first is None or not first.startswith("bootstrap="):
            raise RuntimeError("broker's first line is %r, not bootstrap=...; log:\n%s"
                               % (first, self.log_tail()))
        self.bootstrap = first.split("=", 1)[1].strip()

    def _read(self):
        for raw in self.popen.stdout:
            self._lines.put(raw.decode("utf-8", "replace").rstrip("\n"))
        self._lines.put(None)

    def control(self, command, timeout=15):
        """Sends one control command; returns the answer or raises on error."""
        with self._lock:
            if not self.alive():
                raise RuntimeError("broker is not running; log:\n" + self.log_tail())
            self.popen.stdin.write((command + "\n").encode())
            self.popen.stdin.flush()
            try:
                answer = self._lines.get(timeout=timeout)
            except queue.Empty:
                raise RuntimeError("broker did not answer %r within %ss" % (command, timeout))
        if answer is None or not answer.startswith("ok"):
            raise RuntimeError("broker answered %r to %r" % (answer, command))
        return answer

    def close(self):
        if self.alive():
            try:
                with self._lock:
                    self.popen.stdin.write(b"quit\n")
                    self.popen.stdin.flush()
            except OSError:
                pass
            if self.wait(5) is None:
                self.signal(signal.SIGTERM)
                self.wait(5)
        self.kill()


class Worker(_Proc):
    """`wirelens run`: one worker process, with its HTTP port for probes."""

    def __init__(self, logdir, bootstrap, name="worker", group_id="wirelens-e2e",
                 input_topic="articles.raw", output_topic="articles.enriched",
                 dlq_topic="articles.raw.dlq", threads=2, max_in_flight=1000,
                 commit_interval="500ms", shutdown_timeout="10s", stages=None,
                 kafka=None, consumer=None, producer=None, extra=()):
        self.http_port = free_port()
        self.max_in_flight = max_in_flight
        self.shutdown_timeout = shutdown_timeout
        argv = [Config.wirelens, "run",
                "--brokers=" + bootstrap,
                "--group-id=" + group_id,
                "--input-topic=" + input_topic,
                "--output-topic=" + output_topic,
                "--dlq-topic=" + dlq_topic,
                "--threads=%d" % threads,
                "--max-in-flight=%d" % max_in_flight,
                "--commit-interval=" + commit_interval,
                "--shutdown-timeout=" + shutdown_timeout,
                "--http-port=%d" % self.http_port,
                "--log-level=info"]
        if stages is not None:
            argv.append("--stages=" + ",".join(stages))
        # Short sessions so that a killed member is noticed in seconds, not
        # the 45 s default (the group waits for it before rebalancing).
        cprops = {"session.timeout.ms": "6000", "heartbeat.interval.ms": "500"}
        cprops.update(consumer or {})
        argv += ["--kafka.%s=%s" % kv for kv in sorted((kafka or {}).items())]
        argv += ["--kafka-consumer.%s=%s" % kv for kv in sorted(cprops.items())]
        argv += ["--kafka-producer.%s=%s" % kv for kv in sorted((producer or {}).items())]
        argv += list(extra)
        env = dict(os.environ)
        env.setdefault("WIRELENS_MODEL_DIR", REPO_ROOT)
        super().__init__(name, argv, logdir, env=env)

    def http_get(self, path, timeout=2):
        """(status, body) of GET path on the worker's HTTP port; (None, err) if unreachable."""
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.http_port, path),
                                        timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError) as e:
            return None, str(e)

    def wait_ready(self, timeout=45):
        """Waits for /readyz to answer 200 (the group was joined)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError("%s exited with %s before becoming ready; log:\n%s"
                                   % (self.name, self.popen.returncode, self.log_tail()))
            status, _ = self.http_get("/readyz", timeout=1)
            if status == 200:
                return time.monotonic() - self.started
            time.sleep(0.1)
        raise TimeoutError("%s not ready after %ss; log:\n%s" % (self.name, timeout, self.log_tail()))

    def metrics(self):
        """Prometheus text from /metrics as {'name{labels}': float}; {} if unreachable."""
        status, body = self.http_get("/metrics")
        out = {}
        if status != 200:
            return out
        for line in body.splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.rsplit(" ", 1)
            if len(parts) == 2:
                try:
                    out[parts[0]] = float(parts[1])
                except ValueError:
                    pass
        return out

    def terminate(self, timeout):
        """SIGTERM, then waits up to timeout s. Returns (exit code or None, seconds)."""
        t0 = time.monotonic()
        self.signal(signal.SIGTERM)
        rc = self.wait(timeout)
        return rc, time.monotonic() - t0

    def close(self):
        self.kill()


class Procs:
    """Owns every process of one test; close() kills them all (by pid)."""

    def __init__(self, test_id):
        root = Config.log_root or tempfile.mkdtemp(prefix="wirelens-e2e-")
        Config.log_root = root
        self.logdir = os.path.join(root, re.sub(r"[^A-Za-z0-9_.-]", "_", test_id))
        os.makedirs(self.logdir, exist_ok=True)
        self.procs = []

    def broker(self, **kw):
        b = Broker(self.logdir, **kw)
        self.procs.append(b)
        return b

    def worker(self, bootstrap, **kw):
        # Distinct log names for restarts of the same worker.
        base = kw.pop("name", "worker")
        n = sum(1 for p in self.procs if p.name.startswith(base))
        w = Worker(self.logdir, bootstrap, name=base if n == 0 else "%s.%d" % (base, n), **kw)
        self.procs.append(w)
        return w

    def close(self):
        # Workers first, so they do not log transport errors about the broker.
        for p in sorted(self.procs, key=lambda p: isinstance(p, Broker)):
            try:
                p.close()
            except Exception as e:  # keep killing the others
                log("closing %s: %s" % (p.name, e))

    def dump_logs(self, lines=60):
        for p in self.procs:
            sys.stderr.write("----- %s (%s) -----\n%s\n" % (p.name, p.log_path, p.log_tail(lines)))


class E2ETestCase(unittest.TestCase):
    """Base class: a Procs per test, killed in teardown; logs shown on failure."""

    maxDiff = 4000

    def setUp(self):
        self.procs = Procs(self.id())
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        failed = self._outcome_failed()
        self.procs.close()
        if failed or Config.verbose:
            self.procs.dump_logs()

    def _outcome_failed(self):
        outcome = getattr(self, "_outcome", None)
        if outcome is None:
            return False
        errors = getattr(outcome, "errors", None)  # Python <= 3.10
        if errors is not None:
            return any(exc is not None for _, exc in errors)
        result = getattr(outcome, "result", None)  # Python 3.11+
        if result is None:
            return False
        return any(t is self for t, _ in result.errors + result.failures)


# ---------------------------------------------------------------- kafka I/O

def kcat_produce(bootstrap, topic, path, key=None, headers=(), partition=None, extra=(),
                 timeout=60):
    """Produces the whole file at `path` as one message with kcat."""
    cmd = ["kcat", "-b", bootstrap, "-P", "-t", topic, "-X", "message.max.bytes=16000000"]
    if key is not None:
        cmd += ["-k", key]
    if partition is not None:
        cmd += ["-p", str(partition)]
    for name, value in headers:
        cmd += ["-H", "%s=%s" % (name, value)]
    cmd += list(extra) + [path]
    r = subprocess.run(cmd, capture_output=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError("kcat failed (%s): %s" % (r.returncode, r.stderr.decode("utf-8", "replace")))


def kcat_produce_lines(bootstrap, topic, lines, headers=(), partition=None, timeout=60):
    """Produces `key:value` lines with kcat -K: (one message per line)."""
    cmd = ["kcat", "-b", bootstrap, "-P", "-t", topic, "-K:"]
    if partition is not None:
        cmd += ["-p", str(partition)]
    for name, value in headers:
        cmd += ["-H", "%s=%s" % (name, value)]
    data = b"".join(l + b"\n" for l in lines)
    r = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError("kcat failed (%s): %s" % (r.returncode, r.stderr.decode("utf-8", "replace")))


# librdkafka logs of the test's own clients: critical only. Brokers taken down
# on purpose make them print connection errors that are expected here.
CLIENT_LOG_LEVEL = 2


def producer(bootstrap, **conf):
    from confluent_kafka import Producer

    c = {"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 5,
         "message.max.bytes": 16000000, "log_level": CLIENT_LOG_LEVEL}
    c.update(conf)
    return Producer(c)


def flush(p, timeout=60):
    left = p.flush(timeout)
    if left:
        raise RuntimeError("%d messages not delivered within %ss" % (left, timeout))


class Collector:
    """Reads topics from the beginning in a background thread, without a group.

    Partitions are assigned directly (no group, no commits), so reading
    starts at once and never disturbs the worker's group. Keeps every record
    as (topic, partition, offset, key, value, headers-list). Use it while the
    stream flows: the mock drops old data past ~5 MB per partition.
    """

    def __init__(self, bootstrap, topics, name="collector"):
        from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING

        self.topics = list(topics)
        self.records = []
        self.errors = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._c = Consumer({
            "bootstrap.servers": bootstrap, "group.id": "e2e-" + name,
            "enable.auto.commit": False, "auto.offset.reset": "earliest",
            "fetch.wait.max.ms": 50, "topic.metadata.refresh.interval.ms": 1000,
            "log_level": CLIENT_LOG_LEVEL,
        })
        tps = []
        for t in self.topics:
            md = wait_for(lambda: self._topic_md(t), 20, 0.2, "metadata of topic " + t)
            tps += [TopicPartition(t, p, OFFSET_BEGINNING) for p in sorted(md.partitions)]
        self._c.assign(tps)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _topic_md(self, t):
        md = self._c.list_topics(t, timeout=5).topics.get(t)
        if md is None or md.error is not None or not md.partitions:
            return None
        return md

    def _run(self):
        from confluent_kafka import KafkaError

        while not self._stop.is_set():
            msgs = self._c.consume(500, 0.1)
            batch = []
            for m in msgs:
                if m.error():
                    if m.error().code() != KafkaError._PARTITION_EOF:
                        self.errors.append(str(m.error()))
                    continue
                batch.append((m.topic(), m.partition(), m.offset(), m.key(), m.value(),
                              list(m.headers() or [])))
            if batch:
                with self._lock:
                    self.records.extend(batch)

    def snapshot(self, topic=None):
        with self._lock:
            return [r for r in self.records if topic is None or r[0] == topic]

    def count(self, topic=None):
        with self._lock:
            if topic is None:
                return len(self.records)
            return sum(1 for r in self.records if r[0] == topic)

    def close(self):
        self._stop.set()
        self._thread.join(10)
        self._c.close()


def committed_offsets(bootstrap, group, topic):
    """{partition: committed offset (0 when none)} of a consumer group, read
    without joining it."""
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                  "enable.auto.commit": False, "log_level": CLIENT_LOG_LEVEL})
    try:
        md = c.list_topics(topic, timeout=10).topics[topic]
        res = c.committed([TopicPartition(topic, p) for p in md.partitions], timeout=10)
        return {tp.partition: max(tp.offset, 0) for tp in res}
    finally:
        c.close()


def source_of(record):
    """(topic, partition, offset) of the input an output came from, from its
    wirelens-source header (outputs), or the wirelens-source-* headers
    (dead letters)."""
    hd = dict(record[5])
    src = hd.get("wirelens-source")
    if src is not None:
        t, p, o = src.decode().rsplit("/", 2)
        return t, int(p), int(o)
    return (hd.get("wirelens-source-topic", b"").decode(),
            int(hd.get("wirelens-source-partition", b"-1")),
            int(hd.get("wirelens-source-offset", b"-1")))


def read_all(bootstrap, topics, timeout=30, settle=0.5):
    """Everything currently in `topics` (reads until high watermarks)."""
    from confluent_kafka import Consumer

    col = Collector(bootstrap, topics, name="read-all")
    try:
        probe = Consumer({"bootstrap.servers": bootstrap, "group.id": "e2e-watermarks",
                          "log_level": CLIENT_LOG_LEVEL})
        try:
            targets = []
            for t in topics:
                md = probe.list_topics(t, timeout=10).topics[t]
                from confluent_kafka import TopicPartition
                for p in md.partitions:
                    lo, hi = probe.get_watermark_offsets(TopicPartition(t, p), timeout=10)
                    targets.append((t, p, hi))
        finally:
            probe.close()

        def done():
            seen = collections.defaultdict(lambda: -1)
            for r in col.snapshot():
                seen[(r[0], r[1])] = max(seen[(r[0], r[1])], r[2])
            return all(hi == 0 or seen[(t, p)] >= hi - 1 for t, p, hi in targets)

        wait_for(done, timeout, 0.05, "reading %s to the end" % ",".join(topics))
        time.sleep(settle)
        return col.snapshot()
    finally:
        col.close()


# ---------------------------------------------------------------- articles

def sample_articles():
    """The JSON samples from tests/data/articles/wire.jsonl, as dicts."""
    with open(os.path.join(ARTICLES_DIR, "wire.jsonl"), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


# The language each sample is written in (what a human reader would say).
SAMPLE_LANGUAGES = {
    "wl-sample-0001": "en", "wl-sample-0002": "de", "wl-sample-0003": "fr",
    "wl-sample-0004": "es", "wl-sample-0005": "ru", "wl-sample-0006": "uk",
    "wl-sample-0007": "zh", "wl-sample-0008": "sr", "wl-sample-0009": "en",
}


class Bulk:
    """Small generated articles for volume tests (~400-700 bytes each).

    Article i has id "<prefix>-<i>", is keyed by its id, and is one of the
    samples' headline and first paragraph, so its language is known.
    """

    def __init__(self, prefix, n):
        self.prefix = prefix
        self.n = n
        self._samples = [s for s in sample_articles() if s["id"] in SAMPLE_LANGUAGES]

    def id(self, i):
        return "%s-%06d" % (self.prefix, i)

    def ids(self):
        return [self.id(i) for i in range(self.n)]

    def language(self, i):
        return SAMPLE_LANGUAGES[self._samples[i % len(self._samples)]["id"]]

    def value(self, i):
        s = self._samples[i % len(self._samples)]
        body = s["body"].split("\n\n")[0]
        return json.dumps({"id": self.id(i), "headline": s["headline"], "body": body,
                           "source": "e2e", "published_at": "2026-11-24T08:00:00Z"},
                          ensure_ascii=False).encode()

    def produce(self, bootstrap, topic, start=0, end=None, rate=None, stop=None):
        """Produces articles [start, end) keyed by id, at `rate` per second
        (None: as fast as possible). Flushes before returning."""
        end = self.n if end is None else end
        p = producer(bootstrap)
        t0 = time.monotonic()
        for i in range(start, end):
            if stop is not None and stop.is_set():
                break
            if rate:
                ahead = (i - start) / rate - (time.monotonic() - t0)
                if ahead > 0:
                    time.sleep(ahead)
            while True:
                try:
                    p.produce(topic, key=self.id(i).encode(), value=self.value(i),
                              headers=[("content-type", "application/json")])
                    break
                except BufferError:
                    p.poll(0.05)
            p.poll(0)
        flush(p)

    def produce_in_background(self, bootstrap, topic, rate=None):
        """Starts produce() on a thread; returns (thread, stop event)."""
        stop = threading.Event()
        errors = []

        def run():
            try:
                self.produce(bootstrap, topic, rate=rate, stop=stop)
            except Exception as e:  # surfaced by the test through errors
                errors.append(e)

        t = threading.Thread(target=run, daemon=True)
        t.errors = errors
        t.start()
        return t, stop


class Ledger:
    """Counts outputs and dead letters per article id (the message key)."""

    def __init__(self, expected_ids):
        self.expected = set(expected_ids)

    def tally(self, records):
        counts = collections.Counter()
        for r in records:
            key = r[3].decode("utf-8", "replace") if r[3] is not None else None
            counts[key] += 1
        return counts

    def covered(self, records):
        counts = self.tally(records)
        return sum(1 for i in self.expected if counts[i] > 0)

    def report(self, records):
        counts = self.tally(records)
        missing = sorted(i for i in self.expected if counts[i] == 0)
        unexpected = sorted(k for k in counts if k not in self.expected)
        duplicates = sum(c - 1 for k, c in counts.items() if k in self.expected and c > 1)
        dup_ids = sum(1 for k, c in counts.items() if k in self.expected and c > 1)
        return {"inputs": len(self.expected), "outputs": sum(counts.values()),
                "missing": missing, "unexpected": unexpected,
                "duplicates": duplicates, "duplicated_ids": dup_ids}


def wait_covered(collector, ledger, timeout, topics=None, what="every input to have an output"):
    """Waits until every expected id has at least one record; returns seconds waited."""
    t0 = time.monotonic()

    def ok():
        recs = collector.snapshot() if topics is None else [
            r for r in collector.snapshot() if r[0] in topics]
        return ledger.covered(recs) == len(ledger.expected)

    try:
        wait_for(ok, timeout, 0.1, what)
    except TimeoutError:
        rep = ledger.report(collector.snapshot())
        raise AssertionError("%s: %d of %d inputs have no output after %ss (first: %s)"
                             % (what, len(rep["missing"]), rep["inputs"], timeout,
                                rep["missing"][:5]))
    return time.monotonic() - t0


# ---------------------------------------------------------------- entry point

def main():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--wirelens", default=os.environ.get("WIRELENS_BIN"))
    ap.add_argument("--keep-logs", action="store_true")
    ap.add_argument("--log-dir")
    ap.add_argument("--dump-logs", action="store_true")
    args, rest = ap.parse_known_args()
    Config.verbose = args.dump_logs
    reason = missing_prerequisite()
    if reason:
        print("skipped because " + reason)
        sys.exit(SKIP_RETURN_CODE)
    if not args.wirelens or not os.access(args.wirelens, os.X_OK):
        print("error: --wirelens must name the wirelens binary (got %r)" % args.wirelens)
        sys.exit(2)
    Config.wirelens = os.path.abspath(args.wirelens)
    Config.keep_logs = args.keep_logs or bool(args.log_dir)
    if args.log_dir:
        os.makedirs(args.log_dir, exist_ok=True)
        Config.log_root = tempfile.mkdtemp(prefix="run-", dir=args.log_dir)
    else:
        Config.log_root = tempfile.mkdtemp(prefix="wirelens-e2e-")
    if not Config.keep_logs:
        atexit.register(shutil.rmtree, Config.log_root, True)
    else:
        atexit.register(lambda: log("logs kept in " + Config.log_root))
    protos()  # fail early if the classes cannot be generated
    unittest.main(argv=[sys.argv[0]] + rest)
