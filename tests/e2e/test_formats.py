#!/usr/bin/env python3
"""e2e_formats: every input format in, Enrichments and dead letters out.

Raw articles go in with kcat, as a feed would send them: JSON in our
mapping, IPTC ninjs 1.x and 2.x, binary wirelens.v1.RawArticle protobuf
(serialized with the generated Python classes and produced from a file),
plain text and Windows-1252 text, with and without a content-type header;
plus garbage: truncated protobuf, binary bytes that are not UTF-8, malformed
JSON, an empty value, and (on its own broker) a 10 MB value.

A confluent-kafka consumer reads the output and dead-letter topics the way
an analytics job would and decodes them with the generated classes. Asserted:
  - each good article has exactly one Enrichment, keyed by its article id,
    with the right language.code and the headers of pipeline/worker.h;
  - each bad input is in the DLQ with its original key, value and headers,
    plus wirelens-error-code / -message / -stage / -source-topic /
    -source-partition / -source-offset pointing at the input record;
  - traceparent passes through to outputs and dead letters;
  - the worker's Enrichment value equals what `wirelens enrich` gives for
    the same bytes (both use the same ArticleProcessor).
"""

import os
import random
import re
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

TOPICS = ["articles.raw", "articles.enriched", "articles.raw.dlq"]
TRACEPARENT_1 = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
TRACEPARENT_2 = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
TRACEPARENT_3 = "00-11111111111111111111111111111111-2222222222222222-01"


class Case:
    """One input message and what should become of it."""

    def __init__(self, name, value, key=None, headers=(), article_id=None, language=None,
                 dlq_code=None, enrich_format=None, warnings=False, via_lines=False):
        self.name = name
        self.value = value
        self.key = key
        # Every input carries its case name, to find it again anywhere.
        self.headers = [("x-e2e-case", name)] + list(headers)
        self.article_id = article_id      # expected output key (good cases)
        self.language = language
        self.dlq_code = dlq_code          # expected wirelens-error-code (bad cases)
        self.enrich_format = enrich_format  # compare with `wirelens enrich` when set
        self.warnings = warnings
        self.via_lines = via_lines        # produce with kcat -K: (for the empty value)

    @property
    def good(self):
        return self.dlq_code is None


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def varint_frames(data):
    """Splits length-delimited protobuf messages."""
    out, i = [], 0
    while i < len(data):
        n, shift = 0, 0
        while True:
            b = data[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        out.append(data[i:i + n])
        i += n
    return out


def build_cases():
    pb = h.protos()
    samples = {s["id"]: s for s in h.sample_articles()}
    cases = []
    import json

    # JSON in our mapping: the nine samples, one line each; every other one
    # with an explicit content type, the rest sniffed.
    for n, (sid, s) in enumerate(sorted(samples.items())):
        headers = [("content-type", "application/json")] if n % 2 == 0 else []
        if sid == "wl-sample-0001":
            headers.append(("traceparent", TRACEPARENT_1))
        cases.append(Case("json-" + sid, json.dumps(s, ensure_ascii=False).encode(), key=sid,
                          headers=headers, article_id=sid, language=h.SAMPLE_LANGUAGES[sid],
                          enrich_format="json"))

    def read(name):
        with open(os.path.join(h.ARTICLES_DIR, name), "rb") as f:
            return f.read()

    # ninjs: the article id comes from the document (uri), not from the key.
    cases.append(Case("ninjs1", read("ninjs1-venezia.json"), key="ninjs1-key",
                      headers=[("content-type", "application/vnd.iptc.ninjs+json")],
                      article_id="http://example.org/ninjs/it-2026-0042", language="it",
                      enrich_format="ninjs"))
    cases.append(Case("ninjs2", read("ninjs2-nato.json"), key=None,
                      article_id="urn:example:wirelens:2026:sample-ninjs-2", language="en",
                      enrich_format="auto"))

    # Binary RawArticle protobuf.
    def raw(sid, new_id):
        s = samples[sid]
        a = pb.article.RawArticle(id=new_id, headline=s["headline"], body=s["body"],
                                  source=s.get("source", ""), url=s.get("url", ""))
        a.published_at.FromJsonString(s["published_at"])
        for k, v in s.get("attributes", {}).items():
            a.attributes[k] = v
        return a.SerializeToString()

    pb_fr = raw("wl-sample-0003", "pb-0001")
    cases.append(Case("pb-typed", pb_fr, key="pb-0001",
                      headers=[("content-type", "application/x-protobuf"),
                               ("traceparent", TRACEPARENT_2)],
                      article_id="pb-0001", language="fr", enrich_format="pb"))
    cases.append(Case("pb-sniffed", raw("wl-sample-0005", "pb-0002"), key="pb-0002",
                      article_id="pb-0002", language="ru", enrich_format="pb"))
    # No id in the article: the message key is the article id.
    cases.append(Case("pb-no-id", raw("wl-sample-0002", ""), key="pb-key-0003",
                      headers=[("content-type", "application/x-protobuf")],
                      article_id="pb-key-0003", language="de"))

    # Plain text: no id, so the key is the article id.
    brief = read("brief.txt")
    cases.append(Case("text-typed", brief, key="txt-brief",
                      headers=[("content-type", "text/plain; charset=utf-8")],
                      article_id="txt-brief", language="en"))
    cases.append(Case("text-sniffed", brief, key="txt-brief-sniffed",
                      article_id="txt-brief-sniffed", language="en"))
    # Windows-1252 text: repaired with a warning, not rejected.
    fr = samples["wl-sample-0003"]
    cp = (fr["headline"] + "\n\n" + re.sub(r"<[^>]+>", "", fr["body"])).encode("cp1252")
    cases.append(Case("text-cp1252", cp, key="txt-cp1252", article_id="txt-cp1252",
                      language="fr", warnings=True))

    # Garbage.
    cases.append(Case("bad-truncated-pb", pb_fr[: len(pb_fr) // 2], key="bad-truncated-pb",
                      headers=[("content-type", "application/x-protobuf"),
                               ("traceparent", TRACEPARENT_3)],
                      dlq_code="INVALID_ARGUMENT"))
    rnd = random.Random(20261124)
    binary = bytes(rnd.choice([0, 0, 0xFF, 0xFE, 0xC3, 0x80, 0x01, rnd.randrange(256)])
                   for _ in range(4096))
    cases.append(Case("bad-binary", binary, key="bad-binary", dlq_code="INVALID_ARGUMENT"))
    cases.append(Case("bad-json", b'{"id": "bad-json", "headline": "Unfinished', key="bad-json",
                      headers=[("content-type", "application/json")],
                      dlq_code="INVALID_ARGUMENT"))
    cases.append(Case("bad-empty", b"", key="bad-empty", dlq_code="INVALID_ARGUMENT",
                      via_lines=True))
    return cases


def produce_case(bootstrap, topic, case, tmpdir):
    if case.via_lines:
        assert b"\n" not in case.value and b":" not in (case.key or "").encode()
        h.kcat_produce_lines(bootstrap, topic, [case.key.encode() + b":" + case.value],
                             headers=case.headers)
        return
    path = os.path.join(tmpdir, case.name)
    with open(path, "wb") as f:
        f.write(case.value)
    h.kcat_produce(bootstrap, topic, path, key=case.key, headers=case.headers)


class FormatsTest(unittest.TestCase):
    """One broker and one worker for the whole class; each test checks one aspect."""

    @classmethod
    def setUpClass(cls):
        cls.procs = h.Procs("FormatsTest")
        try:
            cls._run()
        except BaseException:
            cls.procs.dump_logs()
            cls.procs.close()
            raise

    @classmethod
    def _run(cls):
        cls.pb = h.protos()
        cls.cases = build_cases()
        cls.tmp = tempfile.mkdtemp(prefix="wirelens-e2e-formats-")
        broker = cls.procs.broker(partitions=3, topics=TOPICS)
        cls.bootstrap = broker.bootstrap
        worker = cls.procs.worker(broker.bootstrap, group_id="e2e-formats")
        worker.wait_ready()
        cls.worker = worker
        for case in cls.cases:
            produce_case(broker.bootstrap, "articles.raw", case, cls.tmp)
        good = [c for c in cls.cases if c.good]
        bad = [c for c in cls.cases if not c.good]
        col = h.Collector(broker.bootstrap, ["articles.enriched", "articles.raw.dlq"])
        try:
            def done():
                out = {r[3] for r in col.snapshot("articles.enriched")}
                dlq = {r[3] for r in col.snapshot("articles.raw.dlq")}
                return (all(c.article_id.encode() in out for c in good)
                        and all(c.key.encode() in dlq for c in bad))
            try:
                h.wait_for(done, 30, 0.1, "all outputs and dead letters")
            except TimeoutError:
                pass  # the tests below say precisely what is missing
            h.time.sleep(1.0)  # let any duplicate show up
            cls.outputs = col.snapshot("articles.enriched")
            cls.dead = col.snapshot("articles.raw.dlq")
        finally:
            col.close()
        cls.inputs = {dict(r[5]).get("x-e2e-case", b"").decode(): r
                      for r in h.read_all(broker.bootstrap, ["articles.raw"])}
        h.log("formats: %d inputs, %d outputs, %d dead letters"
              % (len(cls.inputs), len(cls.outputs), len(cls.dead)))

    @classmethod
    def tearDownClass(cls):
        if h.Config.verbose:
            cls.procs.dump_logs()
        cls.procs.close()
        h.shutil.rmtree(cls.tmp, True)

    def outputs_for(self, case):
        return [r for r in self.outputs if r[3] == case.article_id.encode()]

    def test_all_inputs_were_produced(self):
        self.assertEqual(sorted(self.inputs), sorted(c.name for c in self.cases))

    def test_good_articles_have_one_enrichment_with_language(self):
        problems = []
        for c in (c for c in self.cases if c.good):
            outs = self.outputs_for(c)
            if len(outs) != 1:
                problems.append("%s: %d outputs keyed %r (want 1)" % (c.name, len(outs), c.article_id))
                continue
            e = self.pb.enrichment.Enrichment.FromString(outs[0][4])
            if e.article_id != c.article_id:
                problems.append("%s: article_id %r, want %r" % (c.name, e.article_id, c.article_id))
            if e.schema_version != 1:
                problems.append("%s: schema_version %d" % (c.name, e.schema_version))
            if e.language.code != c.language:
                problems.append("%s: language.code %r, want %r" % (c.name, e.language.code, c.language))
            if c.warnings and not e.warnings:
                problems.append("%s: expected an input warning (repaired text), got none" % c.name)
            for p in e.provenance:
                if p.duration_us != 0:
                    problems.append("%s: provenance[%s].duration_us=%d; the worker must leave it 0"
                                    % (c.name, p.stage, p.duration_us))
        self.assertEqual(problems, [])

    def test_no_bad_input_reaches_the_output_topic(self):
        bad_cases = {c.name for c in self.cases if not c.good}
        leaked = [dict(r[5]).get("x-e2e-case", b"?").decode() for r in self.outputs
                  if dict(r[5]).get("x-e2e-case", b"").decode() in bad_cases]
        self.assertEqual(leaked, [])

    def test_output_headers(self):
        problems = []
        for c in (c for c in self.cases if c.good):
            for r in self.outputs_for(c):
                hd = dict(r[5])
                inp = self.inputs.get(c.name)

                def expect(name, want):
                    got = hd.get(name)
                    if got is None or got.decode() != want:
                        problems.append("%s: header %s=%r, want %r" % (c.name, name, got, want))

                expect("content-type", h.ENRICHMENT_CONTENT_TYPE)
                expect("wirelens-schema-version", "1")
                if inp is not None:
                    expect("wirelens-source", "%s/%d/%d" % (inp[0], inp[1], inp[2]))
                pa = hd.get("wirelens-processed-at", b"").decode()
                if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", pa):
                    problems.append("%s: wirelens-processed-at %r is not RFC 3339" % (c.name, pa))
                sd = hd.get("wirelens-stage-durations", b"").decode()
                if not re.match(r"^[a-z_]+=\d+(,[a-z_]+=\d+)*$", sd):
                    problems.append("%s: wirelens-stage-durations %r" % (c.name, sd))
                if "x-e2e-case" in hd:
                    # Not required either way; noted for the report.
                    pass
        self.assertEqual(problems, [])

    def test_traceparent_passes_through(self):
        problems = []
        for c in self.cases:
            want = dict(c.headers).get("traceparent")
            recs = self.outputs_for(c) if c.good else [r for r in self.dead if r[3] == c.key.encode()]
            for r in recs:
                got = dict(r[5]).get("traceparent")
                got = got.decode() if got is not None else None
                if got != want:
                    problems.append("%s: traceparent %r, want %r" % (c.name, got, want))
        self.assertEqual(problems, [])

    def test_bad_inputs_are_dead_lettered_unchanged(self):
        problems = []
        for c in (c for c in self.cases if not c.good):
            recs = [r for r in self.dead if r[3] == c.key.encode()]
            if len(recs) != 1:
                problems.append("%s: %d dead letters keyed %r (want 1)" % (c.name, len(recs), c.key))
                continue
            r = recs[0]
            if (r[4] or b"") != c.value:
                problems.append("%s: dead-letter value differs (%d bytes, sha %s; sent %d bytes, sha %s)"
                                % (c.name, len(r[4] or b""), h.sha(r[4]), len(c.value), h.sha(c.value)))
            hd = dict(r[5])
            # The input's own headers, unchanged and in order, come first.
            for name, value in c.headers:
                if hd.get(name) != value.encode():
                    problems.append("%s: input header %s=%r not kept (got %r)"
                                    % (c.name, name, value, hd.get(name)))
            inp = self.inputs.get(c.name)
            want = {"wirelens-error-code": c.dlq_code, "wirelens-error-stage": "decode",
                    "wirelens-source-topic": "articles.raw"}
            if inp is not None:
                want["wirelens-source-partition"] = str(inp[1])
                want["wirelens-source-offset"] = str(inp[2])
            for name, value in want.items():
                got = hd.get(name)
                if got is None or got.decode() != value:
                    problems.append("%s: header %s=%r, want %r" % (c.name, name, got, value))
            if not hd.get("wirelens-error-message"):
                problems.append("%s: no wirelens-error-message" % c.name)
            h.log("dead letter %-18s code=%s stage=%s message=%r" % (
                c.name, hd.get("wirelens-error-code"), hd.get("wirelens-error-stage"),
                (hd.get("wirelens-error-message") or b"")[:90]))
        self.assertEqual(problems, [])

    def test_matches_offline_enrich(self):
        """The worker's value is byte-identical to `wirelens enrich --durations=false`."""
        problems = []
        checked = 0
        for c in (c for c in self.cases if c.good and c.enrich_format):
            outs = self.outputs_for(c)
            if len(outs) != 1:
                continue  # reported by the test above
            path = os.path.join(self.tmp, c.name + ".enrich")
            with open(path, "wb") as f:
                # `enrich --input-format=pb` reads length-delimited messages.
                f.write(varint(len(c.value)) + c.value if c.enrich_format == "pb" else c.value)
            r = subprocess.run([h.Config.wirelens, "enrich", "--durations=false", "--output=pb",
                                "--input-format=" + c.enrich_format, path],
                               capture_output=True, timeout=60,
                               env=dict(os.environ, WIRELENS_MODEL_DIR=h.REPO_ROOT))
            if r.returncode != 0:
                problems.append("%s: wirelens enrich failed: %s" % (c.name, r.stderr[-300:]))
                continue
            frames = varint_frames(r.stdout)
            if len(frames) != 1:
                problems.append("%s: enrich wrote %d records" % (c.name, len(frames)))
                continue
            checked += 1
            if frames[0] != outs[0][4]:
                E = self.pb.enrichment.Enrichment
                a, b = E.FromString(frames[0]), E.FromString(outs[0][4])
                diff = [f.name for f in E.DESCRIPTOR.fields
                        if getattr(a, f.name) != getattr(b, f.name)]
                problems.append("%s: worker value differs from enrich (fields %s)" % (c.name, diff))
        h.log("compared %d worker outputs with wirelens enrich" % checked)
        self.assertEqual(problems, [])


class OversizedValueTest(h.E2ETestCase):
    """A 10 MB value: dead-lettered as OUT_OF_RANGE (the limit is 2 MiB), unchanged.

    On its own broker with one partition per topic: the mock keeps only about
    5 MB per partition, so a 10 MB record survives only while it is the
    newest one in its partition (it would also evict its neighbours).
    """

    SIZE = 10 * 1024 * 1024

    def test_10mb_value_is_dead_lettered(self):
        broker = self.procs.broker(partitions=1, topics=TOPICS)
        # A broker that takes 10 MB records needs producers configured to
        # match, or the dead letter cannot be written (librdkafka's default
        # message.max.bytes is 1,000,000).
        worker = self.procs.worker(broker.bootstrap, group_id="e2e-oversized",
                                   producer={"message.max.bytes": "16000000"})
        worker.wait_ready()
        tmp = tempfile.mkdtemp(prefix="wirelens-e2e-big-")
        self.addCleanup(h.shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "big")
        line = b"All work and no play makes Jack a dull boy. " * 20 + b"\n"
        with open(path, "wb") as f:
            f.write((line * (self.SIZE // len(line) + 1))[: self.SIZE])
        h.kcat_produce(broker.bootstrap, "articles.raw", path, key="bad-10mb",
                       headers=[("x-e2e-case", "bad-10mb")])
        col = h.Collector(broker.bootstrap, ["articles.enriched", "articles.raw.dlq"])
        self.addCleanup(col.close)
        try:
            h.wait_for(lambda: col.count() >= 1, 30, 0.1, "the 10 MB dead letter")
        except TimeoutError:
            self.fail("no output or dead letter for the 10 MB value in 30s; worker alive=%s"
                      % worker.alive())
        h.time.sleep(0.5)
        recs = col.snapshot()
        self.assertEqual([(r[0], r[3]) for r in recs], [("articles.raw.dlq", b"bad-10mb")])
        r = recs[0]
        hd = dict(r[5])
        self.assertEqual(len(r[4]), self.SIZE)
        with open(path, "rb") as f:
            self.assertEqual(h.sha(r[4]), h.sha(f.read()))
        self.assertEqual(hd.get("wirelens-error-code"), b"OUT_OF_RANGE")
        self.assertEqual(hd.get("wirelens-error-stage"), b"decode")
        self.assertEqual(hd.get("wirelens-source-offset"), b"0")
        self.assertEqual(hd.get("x-e2e-case"), b"bad-10mb")
        self.assertTrue(worker.alive(), "worker exited")


if __name__ == "__main__":
    h.main()
