#!/usr/bin/env python3
"""e2e_topologies: one worker running every stage vs one worker per stage.

Topology (a): one worker runs all registered stages, articles.raw ->
topo.a.out. Topology (b): one Deployment per stage, chained through topics:
the worker for stage i reads the previous topic (upstream Enrichments, told
apart by their content-type header) and runs `--stages=<stage i>` only. The
chain follows `wirelens stages` (one per line, name first). While only one
stage is registered, (b) is worker A `--stages=language` -> articles.lang ->
worker B `--stages=language` -> topo.b.out: B re-runs a stage whose result
is already present, which processor.h says replaces it.

Both topologies read the same input topic in their own groups. The final
values must be byte-identical (worker.h: the value carries no wall-clock
data, and processor.h: chained workers yield what one worker gives).
Also checked on the clean run of (a): outputs of one input partition come
out in input order (worker.h), and there are no duplicates.
"""

import collections
import os
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402
from test_formats import build_cases, produce_case  # noqa: E402


def registered_stages():
    r = subprocess.run([h.Config.wirelens, "stages"], capture_output=True, timeout=30, check=True,
                       env=dict(os.environ, WIRELENS_MODEL_DIR=h.REPO_ROOT))
    return [l.split()[0] for l in r.stdout.decode().splitlines() if l.strip()]


class TopologiesTest(h.E2ETestCase):

    BULK = 300

    def test_chained_workers_match_single_worker(self):
        pb = h.protos()
        stages = registered_stages()
        self.assertTrue(stages, "wirelens stages listed nothing")
        chain = stages if len(stages) > 1 else [stages[0], stages[0]]
        h.log("stages %s; chain for topology (b): %s" % (stages, " -> ".join(chain)))
        mids = ["articles.%s.%d" % (s, i) for i, s in enumerate(chain[:-1])]
        if len(stages) == 1:
            mids = ["articles.lang"]
        topics = ["articles.raw", "topo.a.out", "topo.a.dlq", "topo.b.out", "topo.b.dlq"]
        topics += mids
        broker = self.procs.broker(partitions=4, topics=topics)
        bs = broker.bootstrap

        # Inputs: every format case of e2e_formats (good and bad) plus a few
        # hundred generated articles.
        cases = build_cases()
        tmp = h.tempfile.mkdtemp(prefix="wirelens-e2e-topo-")
        self.addCleanup(h.shutil.rmtree, tmp, True)
        for c in cases:
            produce_case(bs, "articles.raw", c, tmp)
        bulk = h.Bulk("topo", self.BULK)
        bulk.produce(bs, "articles.raw")
        good_ids = [c.article_id for c in cases if c.good] + bulk.ids()
        bad_keys = [c.key for c in cases if not c.good]

        # (a) one worker, all stages.
        self.procs.worker(bs, name="all-stages", group_id="topo-a", output_topic="topo.a.out",
                          dlq_topic="topo.a.dlq")
        # (b) one worker per stage.
        inputs = ["articles.raw"] + mids
        outputs = mids + ["topo.b.out"]
        for i, stage in enumerate(chain):
            self.procs.worker(bs, name="stage-%d-%s" % (i, stage), group_id="topo-b-%d" % i,
                              input_topic=inputs[i], output_topic=outputs[i],
                              dlq_topic="topo.b.dlq",
                              stages=[stage])
        for w in self.procs.procs:
            if isinstance(w, h.Worker):
                w.wait_ready()

        col = h.Collector(bs, ["topo.a.out", "topo.a.dlq", "topo.b.out", "topo.b.dlq"])
        self.addCleanup(col.close)
        ledger = h.Ledger(good_ids)
        for topic in ("topo.a.out", "topo.b.out"):
            h.wait_covered(col, ledger, 60, topics=[topic], what="every good article in " + topic)
        dl = h.Ledger(bad_keys)
        for topic in ("topo.a.dlq", "topo.b.dlq"):
            h.wait_covered(col, dl, 30, topics=[topic], what="every bad input in " + topic)
        time.sleep(1.0)

        a = col.snapshot("topo.a.out")
        b = col.snapshot("topo.b.out")
        for name, recs in (("a", a), ("b", b)):
            rep = ledger.report(recs)
            h.figure("topologies_%s_outputs" % name, rep["outputs"])
            h.figure("topologies_%s_duplicates" % name, rep["duplicates"])
            self.assertEqual(rep["duplicates"], 0, "duplicates in topology (%s) on a clean run" % name)
            self.assertEqual(rep["unexpected"], [], "unexpected keys in topology (%s)" % name)
        # Every stage worker of (b) shares one DLQ. Bad inputs are
        # dead-lettered once (by the first worker), good ones never.
        dlq_a = collections.Counter(r[3] for r in col.snapshot("topo.a.dlq"))
        dlq_b = collections.Counter(r[3] for r in col.snapshot("topo.b.dlq"))
        want = collections.Counter(k.encode() for k in bad_keys)
        self.assertEqual(dlq_a, want, "dead letters of topology (a)")
        self.assertEqual(dlq_b, want, "dead letters of topology (b)")
        va_dlq = {r[3]: r[4] for r in col.snapshot("topo.a.dlq")}
        for r in col.snapshot("topo.b.dlq"):
            self.assertEqual(r[4], va_dlq.get(r[3]), "DLQ value of %r differs between topologies" % r[3])

        # The final values, byte for byte.
        va = {r[3]: r[4] for r in a}
        vb = {r[3]: r[4] for r in b}
        E = pb.enrichment.Enrichment
        differing = []
        for key in sorted(va):
            if va[key] != vb.get(key):
                ea, eb = E.FromString(va[key]), E.FromString(vb[key])
                fields = [f.name for f in E.DESCRIPTOR.fields
                          if getattr(ea, f.name) != getattr(eb, f.name)]
                differing.append((key.decode(), fields))
        if differing:
            k, fields = differing[0]
            ea, eb = E.FromString(va[k.encode()]), E.FromString(vb[k.encode()])
            detail = "\n".join("  %s:\n    (a) %s\n    (b) %s" % (
                f, str(getattr(ea, f)).replace("\n", " ")[:300],
                str(getattr(eb, f)).replace("\n", " ")[:300]) for f in fields)
            by_fields = collections.Counter(tuple(f) for _, f in differing)
            self.fail("%d of %d final values differ between topologies; fields: %s\n"
                      "first (%s):\n%s" % (len(differing), len(va), dict(by_fields), k, detail))
        h.figure("topologies_identical_values", len(va))

        # Headers of (b)'s outputs are those of a normal output.
        for r in b[:50]:
            hd = dict(r[5])
            self.assertEqual(hd.get("content-type", b"").decode(), h.ENRICHMENT_CONTENT_TYPE)
            self.assertEqual(hd.get("wirelens-schema-version"), b"1")

        # Ordering (worker.h): per source partition, outputs come out in
        # input-offset order. Checked on topology (a), on a clean run.
        self.assert_source_order(a)

    def assert_source_order(self, recs):
        last = {}
        disorder = []
        for r in sorted(recs, key=lambda r: (r[1], r[2])):  # output partition, offset
            src = dict(r[5]).get("wirelens-source", b"").decode()
            topic, part, off = src.rsplit("/", 2)
            key = (r[1], topic, int(part))
            if key in last and int(off) <= last[key]:
                disorder.append("output p%d@%d: source %s after offset %d" % (r[1], r[2], src, last[key]))
            last[key] = int(off)
        self.assertEqual(disorder[:10], [], "outputs of one input partition out of input order")


if __name__ == "__main__":
    h.main()
