#!/usr/bin/env python3
"""e2e_faults: at-least-once under crashes, broker faults, rebalances, SIGTERM.

Every test streams generated articles (small, keyed by their id) through
`wirelens run` on 8 partitions while something goes wrong, and ends with the
same check: every input has at least one record, counted by article id over
the output and dead-letter topics together; nothing is lost. Duplicates are
counted and printed (`FIGURE name=value` lines on stderr), with throughput
and drain times, for the closing note in tests/e2e/README.md.

  - test_0_baseline: no fault; throughput and drain time; no duplicates.
  - test_kill9_and_restart: SIGKILL midway through 6,000 articles, restart.
  - test_broker_faults: produce and commit errors injected, then broker 1
    of 3 down for 4 s while the stream flows.
  - test_rebalance: a second worker joins and then leaves while the stream
    flows.
  - test_sigterm_and_restart: SIGTERM under load: exit 0 within the
    shutdown timeout; after a restart, duplicates <= max-in-flight.
"""

import os
import signal
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

TOPICS = ["articles.raw", "articles.enriched", "articles.raw.dlq"]
OUT = ["articles.enriched", "articles.raw.dlq"]
PARTITIONS = 8


class FaultsTest(h.E2ETestCase):

    def start(self, brokers=1):
        self.broker = self.procs.broker(brokers=brokers, partitions=PARTITIONS, topics=TOPICS)
        self.collector = h.Collector(self.broker.bootstrap, OUT)
        self.addCleanup(self.collector.close)
        return self.broker.bootstrap

    def finish(self, name, ledger, timeout=90, producer_thread=None):
        """Waits until nothing is lost, prints and returns the ledger report."""
        if producer_thread is not None:
            producer_thread.join(60)
            self.assertFalse(producer_thread.is_alive(), "test producer still running")
            self.assertEqual(producer_thread.errors, [], "test producer failed")
        t0 = time.monotonic()
        try:
            h.wait_covered(self.collector, ledger, timeout,
                           what="%s: every input has an output" % name)
        except AssertionError as e:
            raise AssertionError("%s\n%s" % (e, self.diagnose(ledger))) from None
        drained = time.monotonic() - t0
        time.sleep(1.0)  # let late duplicates arrive before counting
        rep = ledger.report(self.collector.snapshot())
        h.log("%s: inputs=%d records=%d duplicates=%d (ids duplicated %d) missing=%d unexpected=%d"
              % (name, rep["inputs"], rep["outputs"], rep["duplicates"], rep["duplicated_ids"],
                 len(rep["missing"]), len(rep["unexpected"])))
        h.figure(name + "_duplicates", rep["duplicates"])
        self.assertEqual(rep["missing"], [], "%s: inputs lost" % name)
        self.assertEqual(rep["unexpected"][:10], [], "%s: records with unknown keys" % name)
        dlq = self.collector.count("articles.raw.dlq")
        self.assertEqual(dlq, 0, "%s: %d good articles were dead-lettered" % (name, dlq))
        self.assertEqual(self.collector.errors[:5], [], "consumer errors")
        rep["drained_after_wait_s"] = drained
        return rep

    def diagnose(self, ledger):
        """Where the missing inputs are, and what the live workers say."""
        rep = ledger.report(self.collector.snapshot())
        missing = set(rep["missing"])
        inputs = h.read_all(self.broker.bootstrap, ["articles.raw"])
        by_part = {}
        for r in inputs:
            if r[3].decode() in missing:
                lo, hi, n = by_part.get(r[1], (r[2], r[2], 0))
                by_part[r[1]] = (min(lo, r[2]), max(hi, r[2]), n + 1)
        lines = ["missing inputs by partition: " + ", ".join(
            "p%d: %d (offsets %d..%d)" % (p, n, lo, hi) for p, (lo, hi, n) in sorted(by_part.items()))]
        groups = {w.argv[3].split("=", 1)[1] for w in self.procs.procs if isinstance(w, h.Worker)}
        for g in sorted(groups):
            lines.append("group %s committed: %s" % (g, h.committed_offsets(
                self.broker.bootstrap, g, "articles.raw")))
        for w in self.procs.procs:
            if isinstance(w, h.Worker) and w.alive():
                m = w.metrics()
                keep = {k: v for k, v in m.items() if k.startswith(
                    ("wirelens_consumed", "wirelens_produced", "wirelens_in_flight", "wirelens_paused",
                     "wirelens_consumer_lag", "wirelens_dead", "wirelens_commit"))}
                lines.append("%s (alive) metrics: %s" % (w.name, keep))
        return "\n".join(lines)

    def wait_outputs(self, n, timeout, what):
        h.wait_for(lambda: self.collector.count() >= n, timeout, 0.02, what)

    # ------------------------------------------------------------------

    def test_0_baseline(self):
        n = 5000
        bs = self.start()
        bulk = h.Bulk("base", n)
        bulk.produce(bs, "articles.raw")
        w = self.procs.worker(bs, group_id="e2e-base")
        ready = w.wait_ready()
        t0 = time.monotonic()
        rep = self.finish("baseline", h.Ledger(bulk.ids()))
        drain = time.monotonic() - t0 - 1.0
        h.figure("baseline_worker_ready_s", "%.2f" % ready)
        h.figure("baseline_drain_s", "%.2f" % drain)
        h.figure("baseline_throughput_articles_per_s", "%.0f" % (n / drain))
        self.assertEqual(rep["duplicates"], 0, "duplicates on a clean run")
        # Spot-check content: every output names the sample's language.
        E = h.protos().enrichment.Enrichment
        wrong = []
        for r in self.collector.snapshot("articles.enriched"):
            i = int(r[3].decode().rsplit("-", 1)[1])
            code = E.FromString(r[4]).language.code
            if code != bulk.language(i):
                wrong.append((r[3], code, bulk.language(i)))
        self.assertEqual(wrong[:5], [], "%d outputs with the wrong language" % len(wrong))
        rc, took = w.terminate(15)
        self.assertEqual(rc, 0, "worker exit code after SIGTERM (took %.1fs)" % took)

    def test_kill9_and_restart(self):
        n = 6000
        bs = self.start()
        bulk = h.Bulk("kill", n)
        w = self.procs.worker(bs, group_id="e2e-kill")
        w.wait_ready()
        t0 = time.monotonic()
        prod, stop = bulk.produce_in_background(bs, "articles.raw", rate=2000)
        self.addCleanup(stop.set)
        self.wait_outputs(n // 2, 60, "half of the outputs")
        w.signal(signal.SIGKILL)
        self.assertEqual(w.wait(10), -signal.SIGKILL)
        time.sleep(1.0)  # outputs acknowledged before the kill reach the collector
        before = self.collector.snapshot()
        at_kill = len(before)
        h.log("kill9: SIGKILL after %d outputs (%.1fs)" % (at_kill, time.monotonic() - t0))
        # The uncommitted window: outputs of inputs at or past the group's
        # committed offset. Exactly these are processed again after restart.
        committed = h.committed_offsets(bs, "e2e-kill", "articles.raw")
        window = sum(1 for r in before if h.source_of(r)[2] >= committed.get(h.source_of(r)[1], 0))
        h.log("kill9: committed offsets at kill %s; outputs past them: %d" % (committed, window))
        w2 = self.procs.worker(bs, group_id="e2e-kill")
        t_restart = time.monotonic()
        rejoin = w2.wait_ready(60)
        rep = self.finish("kill9", h.Ledger(bulk.ids()), producer_thread=prod)
        total = time.monotonic() - t0 - 1.0
        h.figure("kill9_outputs_before_kill", at_kill)
        h.figure("kill9_uncommitted_window", window)
        h.figure("kill9_restart_ready_s", "%.2f" % rejoin)
        h.figure("kill9_restart_to_all_outputs_s", "%.2f" % (time.monotonic() - t_restart - 1.0))
        h.figure("kill9_total_s", "%.2f" % total)
        self.assertTrue(w2.alive())
        # Nothing re-processed that was committed: duplicates come only from
        # the uncommitted window.
        self.assertLessEqual(rep["duplicates"], window,
                             "more duplicates than outputs past the committed offsets")

    def test_broker_faults(self):
        n1, n2 = 1000, 2000
        bs = self.start(brokers=3)
        bulk = h.Bulk("fault", n1 + n2)
        # Phase 1: errors injected while the worker is the only client that
        # produces or commits, so they are certain to hit it.
        bulk.produce(bs, "articles.raw", 0, n1)
        self.broker.control("errors Produce NOT_LEADER_FOR_PARTITION 5")
        self.broker.control("errors Produce REQUEST_TIMED_OUT 2")
        self.broker.control("errors OffsetCommit REBALANCE_IN_PROGRESS 1")
        self.broker.control("errors OffsetCommit COORDINATOR_NOT_AVAILABLE 2")
        w = self.procs.worker(bs, group_id="e2e-faults")
        w.wait_ready()
        h.wait_covered(self.collector, h.Ledger(bulk.ids()[:n1]), 60,
                       what="phase 1 (injected errors): every input has an output")
        h.log("faults: phase 1 done (injected produce and commit errors)")
        # Phase 2: broker 1 of 3 down for 4 s while the stream flows.
        prod = threading.Thread(target=bulk.produce, args=(bs, "articles.raw", n1, n1 + n2, 500),
                                daemon=True)
        prod.errors = []
        prod.start()
        time.sleep(1.0)
        self.broker.control("down 1")
        t_down = time.monotonic()
        time.sleep(4.0)
        self.broker.control("up 1")
        h.log("faults: broker 1 was down %.1fs" % (time.monotonic() - t_down))
        t_up = time.monotonic()
        rep = self.finish("broker_faults", h.Ledger(bulk.ids()), producer_thread=prod)
        h.figure("broker_faults_drain_after_up_s", "%.2f" % (time.monotonic() - t_up - 1.0))
        self.assertTrue(w.alive(), "worker exited (rc=%s)" % w.popen.returncode)

    def test_rebalance(self):
        n = 4000
        bs = self.start()
        bulk = h.Bulk("rebal", n)
        a = self.procs.worker(bs, name="worker-a", group_id="e2e-rebalance")
        a.wait_ready()
        prod, stop = bulk.produce_in_background(bs, "articles.raw", rate=500)
        self.addCleanup(stop.set)
        time.sleep(1.5)
        b = self.procs.worker(bs, name="worker-b", group_id="e2e-rebalance")
        b.wait_ready(60)
        h.log("rebalance: worker-b joined after %.1fs" % (time.monotonic() - b.started))
        time.sleep(3.0)
        mb = b.metrics()
        consumed_b = sum(v for k, v in mb.items() if "consumed" in k)
        rc, took = b.terminate(15)
        h.log("rebalance: worker-b left (SIGTERM): rc=%s in %.1fs; its consumed metrics=%s"
              % (rc, took, {k: v for k, v in mb.items() if "consumed" in k}))
        self.assertEqual(rc, 0, "worker-b exit code after SIGTERM")
        rep = self.finish("rebalance", h.Ledger(bulk.ids()), timeout=45, producer_thread=prod)
        h.figure("rebalance_worker_b_consumed", "%d" % consumed_b)
        h.figure("rebalance_worker_b_exit_s", "%.2f" % took)
        self.assertTrue(a.alive(), "worker-a exited")

    def test_sigterm_and_restart(self):
        n, max_in_flight, shutdown = 4000, 200, 10
        bs = self.start()
        bulk = h.Bulk("term", n)
        kw = dict(group_id="e2e-sigterm", max_in_flight=max_in_flight,
                  shutdown_timeout="%ds" % shutdown)
        w = self.procs.worker(bs, **kw)
        w.wait_ready()
        prod, stop = bulk.produce_in_background(bs, "articles.raw", rate=1000)
        self.addCleanup(stop.set)
        self.wait_outputs(n // 4, 60, "a quarter of the outputs")
        rc, took = w.terminate(shutdown + 5)
        h.log("sigterm: exit code %s after %.2fs (shutdown timeout %ds)" % (rc, took, shutdown))
        h.figure("sigterm_exit_s", "%.2f" % took)
        self.assertEqual(rc, 0, "exit code after SIGTERM")
        self.assertLessEqual(took, shutdown + 1.0, "graceful exit took longer than the shutdown timeout")
        time.sleep(1.0)
        before = h.Ledger(bulk.ids()).report(self.collector.snapshot())
        self.assertEqual(before["duplicates"], 0, "duplicates before the restart")
        w2 = self.procs.worker(bs, **kw)
        w2.wait_ready(60)
        rep = self.finish("sigterm_restart", h.Ledger(bulk.ids()), producer_thread=prod)
        h.figure("sigterm_outputs_before_restart", before["outputs"])
        self.assertLessEqual(rep["duplicates"], max_in_flight,
                             "re-processed more than the uncommitted window after a graceful stop")


if __name__ == "__main__":
    h.main()
