#!/usr/bin/python3
"""Checks deploy/ against the schemas and against the worker it deploys.

What it checks (tests/deploy/README.md has the list with the reasons):
  - each kustomize overlay renders (`kubectl kustomize`), and every object
    validates against the strict Kubernetes 1.30 JSON schemas in
    ../shared/data/k8s-schemas (ScaledObject: KEDA's CRD schema, made strict;
    TriggerAuthentication: no schema is shipped, checked by hand);
  - cross-object facts no schema can see: ConfigMap keys are real `wirelens
    run` environment variables with valid values; probes hit the worker's
    HTTP port and paths; the grace period exceeds the shutdown timeout;
    Service, ServiceMonitor, PodDisruptionBudget and ScaledObject select and
    name what they should; the KEDA trigger watches the worker's group and
    topic with the worker's credentials; maxReplicaCount <= partitions;
  - the Dockerfile: COPY sources exist, the build stage runs the same
    bootstrap and preset as CI, user/port/entrypoint match the manifests,
    and (with --wirelens) its runtime packages are exactly the binary's;
  - docs/configuration.md equals `wirelens docs` (with --wirelens);
  - with --wirelens: the worker accepts each overlay's environment
    (librdkafka included), and scripts/dlq-replay.sh replays real dead
    letters from `wirelens broker` byte-for-byte.

Without --wirelens the worker's flags come from the committed
docs/configuration.md. Exits 77 (skipped) when ../shared, kubectl,
python3-jsonschema or python3-yaml is missing.

  /usr/bin/python3 tests/deploy/test_manifests.py [--wirelens build/release/pipeline/wirelens] [-v]
"""

import argparse
import copy
import fnmatch
import glob
import json
import math
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
SCHEMAS = os.path.join(SHARED, "data", "k8s-schemas")
STRICT = os.path.join(SCHEMAS, "v1.30.0-standalone-strict")
KEDA_CRD = os.path.join(SCHEMAS, "crds", "keda.sh_scaledobjects.yaml")
OVERLAYS = ("dev", "prod")
DOCKERFILE = os.path.join(REPO, "deploy", "docker", "Dockerfile")
# Seconds between the end of the worker's shutdown timeout and SIGKILL: room
# for leaving the group and closing the Kafka clients.
GRACE_MARGIN_SECONDS = 5
# The pod's UID, as the Dockerfile creates it.
UID = 10001

WIRELENS = None  # path of the binary, from --wirelens

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover - depends on the machine
    jsonschema = yaml = None
    IMPORT_ERROR = str(e)


def skip_reason():
    if not os.path.isdir(SHARED):
        return "%s is absent (the Kubernetes schemas live there)" % SHARED
    if not os.path.isdir(STRICT) or not os.path.isfile(KEDA_CRD):
        return "the schemas are missing under %s" % SCHEMAS
    if shutil.which("kubectl") is None:
        return "kubectl is missing (apt-get install kubectl; scripts/bootstrap.sh)"
    if jsonschema is None:
        return "python3-jsonschema or python3-yaml is missing (%s)" % IMPORT_ERROR
    return None


# ---- the worker's flags ------------------------------------------------------

class RunFlags:
    """`wirelens run`'s flags, from `wirelens docs` (or the committed copy)."""

    def __init__(self, markdown):
        self.by_env = {}          # WIRELENS_X -> {flag, type, default}
        self.prefixes = []        # WIRELENS_KAFKA_, ... (pass-through)
        section = re.search(r"### `wirelens run \[flags\]`\n(.*?)(?=\n### |\Z)", markdown, re.S)
        if not section:
            raise ValueError("no `wirelens run` section in the flag reference")
        for line in section.group(1).splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 5 or not cells[0].startswith("`--"):
                continue
            flag, env, ftype, default = cells[0].strip("`"), cells[1].strip("`"), cells[2], cells[3]
            default = default.strip("`")
            if env.endswith("_<PROPERTY>"):
                self.prefixes.append(env[: -len("<PROPERTY>")])
            elif env:
                self.by_env[env] = {"flag": flag, "type": ftype, "default": default}
        if "WIRELENS_HTTP_PORT" not in self.by_env or not self.prefixes:
            raise ValueError("the `wirelens run` table lacks expected rows")

    def default(self, env):
        return self.by_env[env]["default"]

    def is_env(self, name):
        if name in self.by_env:
            return True
        return any(name.startswith(p) and len(name) > len(p) for p in self.prefixes)


def docs_markdown():
    if WIRELENS:
        return subprocess.run([WIRELENS, "docs"], check=True, capture_output=True,
                              text=True).stdout
    with open(os.path.join(REPO, "docs", "configuration.md"), encoding="utf-8") as f:
        return f.read()


def parse_duration(text):
    """absl duration syntax ("20s", "1.5m", "1h30m", "250ms") -> seconds."""
    units = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
    if text in ("0", "inf", "-inf"):
        return {"0": 0.0, "inf": math.inf, "-inf": -math.inf}[text]
    parts = re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|ms|s|m|h)", text)
    if not parts or "".join(a + b for a, b in parts) != text.lstrip("+"):
        raise ValueError("not a duration: %r" % text)
    return sum(float(a) * units[b] for a, b in parts)


def check_value(flag, value):
    """Raises ValueError when `value` does not parse as the flag's type."""
    ftype = flag["type"]
    if ftype == "int":
        int(value)
    elif ftype == "duration":
        parse_duration(value)
    elif ftype == "bool":
        if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError("not a bool: %r" % value)
    elif "\\|" in ftype or "|" in ftype:
        choices = [c.strip() for c in ftype.replace("\\|", "|").split("|")]
        if value not in choices:
            raise ValueError("%r is not one of %s" % (value, choices))


# ---- rendering and schemas ---------------------------------------------------

_rendered = {}


def render(overlay):
    if overlay not in _rendered:
        path = os.path.join(REPO, "deploy", "k8s", "overlays", overlay)
        r = subprocess.run(["kubectl", "kustomize", path], capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError("kubectl kustomize %s failed:\n%s" % (path, r.stderr))
        _rendered[overlay] = [d for d in yaml.safe_load_all(r.stdout) if d]
    return _rendered[overlay]


def strict_crd_schema(schema):
    """Makes a CRD schema reject unknown fields, as the strict Kubernetes
    schemas do (the API server would silently prune them)."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if not isinstance(node, dict):
            return
        if (node.get("type") == "object" and "properties" in node
                and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        for key in ("properties", "patternProperties"):
            for child in node.get(key, {}).values():
                walk(child)
        for key in ("items", "additionalProperties", "not"):
            if isinstance(node.get(key), dict):
                walk(node[key])
        for key in ("allOf", "anyOf", "oneOf"):
            for child in node.get(key, []):
                walk(child)

    walk(schema)
    return schema


_schemas = {}


def schema_for(doc):
    """The JSON schema for one rendered object, or None (checked by hand)."""
    api, kind = doc.get("apiVersion", ""), doc.get("kind", "")
    key = (api, kind)
    if key in _schemas:
        return _schemas[key]
    if api == "keda.sh/v1alpha1" and kind == "ScaledObject":
        with open(KEDA_CRD, encoding="utf-8") as f:
            crd = yaml.safe_load(f)
        version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1")
        schema = strict_crd_schema(version["schema"]["openAPIV3Schema"])
        # The CRD leaves metadata open; hold it to Kubernetes' ObjectMeta.
        with open(os.path.join(STRICT, "configmap-v1.json"), encoding="utf-8") as f:
            schema["properties"]["metadata"] = json.load(f)["properties"]["metadata"]
        schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind",
                                                                        "metadata", "spec"})
    elif api == "keda.sh/v1alpha1" and kind == "TriggerAuthentication":
        schema = None
    else:
        group, _, version = api.rpartition("/")
        name = "%s-%s-%s.json" % (kind.lower(), group.split(".")[0], version) if group else \
            "%s-%s.json" % (kind.lower(), version)
        path = os.path.join(STRICT, name)
        if not os.path.isfile(path):
            raise AssertionError("no schema for %s %s (looked for %s)" % (api, kind, path))
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
    _schemas[key] = schema
    return schema


def by_kind(docs, kind):
    return [d for d in docs if d["kind"] == kind]


def one(docs, kind, name=None):
    found = [d for d in by_kind(docs, kind) if name is None or d["metadata"]["name"] == name]
    if len(found) != 1:
        raise AssertionError("expected one %s%s, found %d" % (
            kind, " named " + name if name else "", len(found)))
    return found[0]


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in (selector or {}).items())


def effective_env(docs, container):
    """The container's WIRELENS_* environment as the pod would see it:
    envFrom ConfigMaps first, then `env` (which wins). Values from Secrets or
    the downward API are returned as ('secret', name, key) / ('field', path)."""
    env = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            cm = one(docs, "ConfigMap", source["configMapRef"]["name"])
            prefix = source.get("prefix", "")
            for k, v in cm.get("data", {}).items():
                env[prefix + k] = v
        elif "secretRef" in source:
            raise AssertionError("envFrom secretRef hides which variables a Secret sets; "
                                 "use env[].valueFrom.secretKeyRef")
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        elif "secretKeyRef" in item.get("valueFrom", {}):
            ref = item["valueFrom"]["secretKeyRef"]
            env[item["name"]] = ("secret", ref["name"], ref["key"])
        elif "fieldRef" in item.get("valueFrom", {}):
            env[item["name"]] = ("field", item["valueFrom"]["fieldRef"]["fieldPath"])
        else:
            env[item["name"]] = ("other",)
    return env


def cpu_cores(quantity):
    quantity = str(quantity)
    return float(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


# ---- tests -------------------------------------------------------------------

class SchemaTest(unittest.TestCase):
    """Every rendered object validates against its schema."""

    def test_overlays_validate(self):
        for overlay in OVERLAYS:
            for doc in render(overlay):
                with self.subTest(overlay=overlay, kind=doc["kind"],
                                  name=doc["metadata"].get("name")):
                    schema = schema_for(doc)
                    if schema is not None:
                        errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc),
                                        key=lambda e: list(e.path))
                        self.assertEqual([], ["%s: %s" % ("/".join(map(str, e.path)), e.message)
                                              for e in errors])
                    else:
                        self.check_trigger_authentication(doc)

    def check_trigger_authentication(self, doc):
        # No TriggerAuthentication schema is shipped: check the fields KEDA
        # requires and reject unknown ones by hand.
        self.assertEqual("TriggerAuthentication", doc["kind"])
        self.assertLessEqual(set(doc), {"apiVersion", "kind", "metadata", "spec"})
        self.assertTrue(re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", doc["metadata"]["name"]))
        spec = doc["spec"]
        self.assertTrue(spec.get("secretTargetRef"), "secretTargetRef is empty")
        for ref in spec["secretTargetRef"]:
            self.assertEqual({"parameter", "name", "key"}, set(ref))
            self.assertTrue(all(isinstance(v, str) and v for v in ref.values()))

    def test_every_object_is_namespaced_in_the_overlay(self):
        for overlay in OVERLAYS:
            namespaces = {d["metadata"].get("namespace") for d in render(overlay)}
            self.assertEqual(1, len(namespaces), (overlay, namespaces))
            self.assertIsNotNone(namespaces.pop(), overlay)


class FactsTest(unittest.TestCase):
    """Facts across objects, and between the manifests and the worker."""

    @classmethod
    def setUpClass(cls):
        cls.flags = RunFlags(docs_markdown())

    def each(self):
        for overlay in OVERLAYS:
            docs = render(overlay)
            deployment = one(docs, "Deployment", "wirelens")
            container = next(c for c in deployment["spec"]["template"]["spec"]["containers"]
                             if c["name"] == "wirelens")
            yield overlay, docs, deployment, container, effective_env(docs, container)

    def setting(self, env, name):
        value = env.get(name, self.flags.default(name))
        self.assertIsInstance(value, str, "%s must be a literal, not %r" % (name, value))
        return value

    def test_configmap_keys_are_worker_environment_variables(self):
        for overlay, docs, _, container, env in self.each():
            for cm in by_kind(docs, "ConfigMap"):
                for key, value in cm.get("data", {}).items():
                    with self.subTest(overlay=overlay, key=key):
                        self.assertTrue(self.flags.is_env(key),
                                        "%s is not an environment variable of `wirelens run`"
                                        % key)
                        if key in self.flags.by_env:
                            check_value(self.flags.by_env[key], value)
                        self.assertNotRegex(key, "PASSWORD|SECRET|SASL_USERNAME|KEY_PEM",
                                            "credentials belong in a Secret")
            for item in container.get("env", []):
                with self.subTest(overlay=overlay, env=item["name"]):
                    self.assertTrue(self.flags.is_env(item["name"]), item["name"])

    def test_probes_and_ports_match_the_worker(self):
        for overlay, docs, deployment, container, env in self.each():
            with self.subTest(overlay=overlay):
                port = int(self.setting(env, "WIRELENS_HTTP_PORT"))
                self.assertGreater(port, 0, "the probes need the HTTP endpoints on a fixed port")
                self.assertIn(self.setting(env, "WIRELENS_HTTP_HOST"), ("0.0.0.0", "::"),
                              "the kubelet probes the pod IP, not loopback")
                ports = {p["name"]: p["containerPort"] for p in container["ports"]}
                self.assertEqual(port, ports.get("http"))
                for probe, path in (("livenessProbe", "/livez"), ("readinessProbe", "/readyz")):
                    get = container[probe]["httpGet"]
                    self.assertEqual(path, get["path"], probe)
                    self.assertEqual(port, ports.get(get["port"], get["port"]), probe)

    def test_grace_period_exceeds_shutdown_timeout(self):
        for overlay, docs, deployment, container, env in self.each():
            with self.subTest(overlay=overlay):
                timeout = parse_duration(self.setting(env, "WIRELENS_SHUTDOWN_TIMEOUT"))
                grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
                self.assertGreaterEqual(grace, timeout + GRACE_MARGIN_SECONDS,
                                        "terminationGracePeriodSeconds %s vs shutdown timeout %ss"
                                        % (grace, timeout))

    def test_pod_hardening(self):
        for overlay, docs, deployment, container, env in self.each():
            with self.subTest(overlay=overlay):
                pod = deployment["spec"]["template"]["spec"]
                psc, csc = pod.get("securityContext", {}), container.get("securityContext", {})
                self.assertTrue(psc.get("runAsNonRoot") or csc.get("runAsNonRoot"))
                self.assertEqual(UID, csc.get("runAsUser", psc.get("runAsUser")))
                self.assertIs(True, csc.get("readOnlyRootFilesystem"))
                self.assertIs(False, csc.get("allowPrivilegeEscalation"))
                self.assertEqual(["ALL"], csc.get("capabilities", {}).get("drop"))
                self.assertEqual("RuntimeDefault",
                                 csc.get("seccompProfile", psc.get("seccompProfile", {})).get("type"))
                self.assertFalse(pod.get("automountServiceAccountToken", True))
                self.assertEqual([], [v for v in pod.get("volumes", [])
                                      if "emptyDir" not in v],
                                 "the worker needs no writable or host volumes")

    def test_resources_fit_the_threads(self):
        for overlay, docs, deployment, container, env in self.each():
            with self.subTest(overlay=overlay):
                res = container["resources"]
                for kind in ("cpu", "memory"):
                    self.assertIn(kind, res["requests"])
                    self.assertIn(kind, res["limits"])
                threads = int(self.setting(env, "WIRELENS_THREADS"))
                self.assertLessEqual(threads, max(1, math.ceil(cpu_cores(res["limits"]["cpu"]))),
                                     "more processing threads than CPUs in the limit")

    def test_selectors_and_names_line_up(self):
        for overlay, docs, deployment, container, env in self.each():
            with self.subTest(overlay=overlay):
                pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
                selector = deployment["spec"]["selector"]["matchLabels"]
                self.assertTrue(selects(selector, pod_labels))
                pod_spec = deployment["spec"]["template"]["spec"]
                one(docs, "ServiceAccount", pod_spec["serviceAccountName"])

                service = one(docs, "Service")
                self.assertTrue(service["spec"]["selector"])
                self.assertTrue(selects(service["spec"]["selector"], pod_labels))
                service_ports = {p["name"]: p for p in service["spec"]["ports"]}
                container_ports = {p["name"]: p["containerPort"] for p in container["ports"]}
                for p in service_ports.values():
                    self.assertIn(p["targetPort"], list(container_ports) + list(container_ports.values()))

                monitor = one(docs, "ServiceMonitor")
                self.assertTrue(selects(monitor["spec"]["selector"]["matchLabels"],
                                        service["metadata"]["labels"]),
                                "the ServiceMonitor does not select the Service")
                for endpoint in monitor["spec"]["endpoints"]:
                    self.assertIn(endpoint["port"], service_ports)
                    self.assertEqual("/metrics", endpoint.get("path", "/metrics"))
                    target = service_ports[endpoint["port"]]["targetPort"]
                    self.assertEqual(int(self.setting(env, "WIRELENS_HTTP_PORT")),
                                     container_ports.get(target, target))

                pdb = one(docs, "PodDisruptionBudget")
                self.assertEqual(selector, pdb["spec"]["selector"]["matchLabels"])
                if "minAvailable" in pdb["spec"]:
                    self.fail("use maxUnavailable: minAvailable blocks drains at one replica")

    def test_scaled_object_matches_the_worker(self):
        for overlay, docs, deployment, container, env in self.each():
            with self.subTest(overlay=overlay):
                so = one(docs, "ScaledObject")
                target = so["spec"]["scaleTargetRef"]
                self.assertEqual(("apps/v1", "Deployment", deployment["metadata"]["name"]),
                                 (target.get("apiVersion", "apps/v1"), target.get("kind", "Deployment"),
                                  target["name"]))
                self.assertNotIn("replicas", deployment["spec"],
                                 "KEDA owns the replica count; spec.replicas would fight it")
                kafka = [t for t in so["spec"]["triggers"] if t["type"] == "kafka"]
                self.assertEqual(1, len(kafka))
                meta = kafka[0]["metadata"]
                self.assertEqual(self.setting(env, "WIRELENS_BROKERS"), meta["bootstrapServers"])
                self.assertEqual(self.setting(env, "WIRELENS_GROUP_ID"), meta["consumerGroup"])
                topics = self.setting(env, "WIRELENS_INPUT_TOPIC").split(",")
                self.assertEqual([meta["topic"]], topics, "one input topic, the trigger's")
                self.assertGreater(int(meta["lagThreshold"]),
                                   int(self.setting(env, "WIRELENS_MAX_IN_FLIGHT")),
                                   "a healthy pod's in-flight work alone would scale out")
                reset = env.get("WIRELENS_KAFKA_CONSUMER_AUTO_OFFSET_RESET",
                                env.get("WIRELENS_KAFKA_AUTO_OFFSET_RESET", "earliest"))
                self.assertEqual(reset, meta.get("offsetResetPolicy", "latest"))

                partitions = int(so["metadata"]["annotations"]["wirelens.io/input-partitions"])
                lo, hi = so["spec"].get("minReplicaCount", 0), so["spec"]["maxReplicaCount"]
                self.assertLessEqual(hi, partitions, "replicas beyond the partition count idle")
                self.assertGreaterEqual(lo, 1)
                self.assertLessEqual(lo, hi)
                self.check_kafka_security(docs, env, kafka[0])

    def check_kafka_security(self, docs, env, trigger):
        protocol = str(env.get("WIRELENS_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")).upper()
        meta = trigger["metadata"]
        self.assertEqual("enable" if "SSL" in protocol else "disable", meta.get("tls", "disable"))
        if "SASL" not in protocol:
            self.assertNotIn("sasl", meta)
            return
        mechanism = env.get("WIRELENS_KAFKA_SASL_MECHANISMS", "GSSAPI")
        keda_names = {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256",
                      "SCRAM-SHA-512": "scram_sha512", "OAUTHBEARER": "oauthbearer"}
        self.assertEqual(keda_names.get(mechanism), meta.get("sasl"), mechanism)
        # The worker and KEDA read the same Secret keys.
        worker_refs = {}
        for var, param in (("WIRELENS_KAFKA_SASL_USERNAME", "username"),
                           ("WIRELENS_KAFKA_SASL_PASSWORD", "password")):
            value = env.get(var)
            self.assertIsInstance(value, tuple, "%s must come from a Secret" % var)
            self.assertEqual("secret", value[0], var)
            worker_refs[param] = value[1:]
        auth = one(docs, "TriggerAuthentication", trigger["authenticationRef"]["name"])
        keda_refs = {r["parameter"]: (r["name"], r["key"]) for r in auth["spec"]["secretTargetRef"]}
        self.assertEqual(worker_refs, {k: keda_refs.get(k) for k in worker_refs})


class WorkerAcceptsConfigTest(unittest.TestCase):
    """The real worker starts with each overlay's environment."""

    def test_worker_starts_with_overlay_environment(self):
        if not WIRELENS:
            self.skipTest("needs --wirelens")
        for overlay in OVERLAYS:
            with self.subTest(overlay=overlay):
                docs = render(overlay)
                deployment = one(docs, "Deployment", "wirelens")
                container = deployment["spec"]["template"]["spec"]["containers"][0]
                env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELENS_")}
                for k, v in effective_env(docs, container).items():
                    if isinstance(v, tuple):
                        v = "wirelens-test-pod" if v[0] == "field" else "test-" + v[-1]
                    env[k] = v
                # No real cluster here: the embedded broker instead of
                # WIRELENS_BROKERS. librdkafka still validates every property
                # when the clients are created, before "worker started".
                env.pop("WIRELENS_BROKERS", None)
                env["WIRELENS_SHUTDOWN_TIMEOUT"] = "2s"
                env["WIRELENS_MODEL_DIR"] = REPO
                self.run_until_started(env, overlay)

    def run_until_started(self, env, overlay):
        with tempfile.TemporaryFile() as log:
            proc = subprocess.Popen([WIRELENS, "run", "--embedded", "--http-port=0",
                                     "--log-level=info"], env=env, stdout=subprocess.DEVNULL,
                                    stderr=log)
            try:
                deadline = time.time() + 30
                started = False
                while time.time() < deadline and proc.poll() is None:
                    log.seek(0)
                    if b'"msg":"worker started"' in log.read():
                        started = True
                        break
                    time.sleep(0.2)
                log.seek(0)
                output = log.read().decode("utf-8", "replace")
                self.assertTrue(started, "%s: the worker did not start (exit %s):\n%s"
                                % (overlay, proc.poll(), output[-3000:]))
                self.assertNotIn("PASSWORD", output.upper().replace("SASL.PASSWORD", ""),
                                 "a secret was logged")
                self.assertNotIn("test-password", output, "a secret was logged")
            finally:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()


class DockerfileTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with open(DOCKERFILE, encoding="utf-8") as f:
            text = f.read()
        joined = re.sub(r"\\\n", " ", text)
        cls.instructions = []
        for line in joined.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                word, _, rest = line.partition(" ")
                cls.instructions.append((word.upper(), rest.strip()))
        cls.stages = []  # [(name, [instructions])]
        for word, rest in cls.instructions:
            if word == "FROM":
                name = rest.split(" AS ")[-1].strip() if " AS " in rest else rest
                cls.stages.append((name, []))
            elif cls.stages:
                cls.stages[-1][1].append((word, rest))

    def stage(self, name):
        return next(body for stage, body in self.stages if stage == name)

    def test_copy_sources_exist(self):
        for word, rest in self.instructions:
            if word != "COPY" or "--from=" in rest:
                continue
            args = [a for a in shlex.split(rest) if not a.startswith("--")]
            for source in args[:-1]:
                with self.subTest(source=source):
                    self.assertTrue(glob.glob(os.path.join(REPO, source)),
                                    "COPY source %s does not exist" % source)

    def test_build_stage_runs_ci_commands(self):
        # CI (.ci/run) runs scripts/test.sh <preset> -> scripts/build.sh:
        # bootstrap.sh, then `cmake --preset` and `cmake --build --preset`.
        with open(os.path.join(REPO, ".ci", "run"), encoding="utf-8") as f:
            ci_preset = re.search(r"scripts/test\.sh\s+(\w+)", f.read()).group(1)
        with open(os.path.join(REPO, "scripts", "build.sh"), encoding="utf-8") as f:
            build_sh = f.read()
        for command in ("scripts/bootstrap.sh", 'cmake --preset "$preset"',
                        'cmake --build --preset "$preset"'):
            self.assertIn(command, build_sh)
        build = self.stage("build")
        args = dict(rest.split("=", 1) for word, rest in build if word == "ARG" and "=" in rest)
        self.assertEqual(ci_preset, args.get("BUILD_PRESET"))
        runs = " && ".join(rest for word, rest in build if word == "RUN")
        self.assertIn("scripts/bootstrap.sh", runs)
        self.assertIn('cmake --preset "${BUILD_PRESET}"', runs)
        self.assertIn('cmake --build --preset "${BUILD_PRESET}" --target wirelens', runs)
        self.assertIn('build/${BUILD_PRESET}/pipeline/wirelens', runs)
        with open(os.path.join(REPO, "CMakePresets.json"), encoding="utf-8") as f:
            presets = json.load(f)
        names = {p["name"]: p for p in presets["configurePresets"]}
        self.assertIn(ci_preset, names)
        base = names[names[ci_preset].get("inherits", ci_preset)]
        self.assertEqual("${sourceDir}/build/${presetName}",
                         names[ci_preset].get("binaryDir", base.get("binaryDir")))
        self.assertIn("release", [p["name"] for p in presets["buildPresets"]])

    def test_runtime_stage_matches_manifests(self):
        runtime = self.stage("runtime")
        words = {w: r for w, r in runtime}
        self.assertEqual("%d:%d" % (UID, UID), words["USER"])
        self.assertEqual('["wirelens", "run"]', words["ENTRYPOINT"])
        for overlay in OVERLAYS:
            deployment = one(render(overlay), "Deployment", "wirelens")
            container = deployment["spec"]["template"]["spec"]["containers"][0]
            ports = {p["containerPort"] for p in container["ports"]}
            self.assertEqual({int(words["EXPOSE"])}, ports)
            self.assertNotIn("command", container, "the image's ENTRYPOINT runs the worker")
        copies = [r for w, r in runtime if w == "COPY"]
        self.assertEqual(["--from=build /staging/ /"], copies)
        self.assertIn("/usr/local/share/wirelens/${model}", " ".join(r for w, r in self.stage("build")))

    def test_runtime_packages_are_the_binarys(self):
        if not WIRELENS:
            self.skipTest("needs --wirelens")
        if shutil.which("dpkg") is None or shutil.which("ldd") is None:
            self.skipTest("needs dpkg and ldd")
        runtime = " ".join(r for w, r in self.stage("runtime") if w == "RUN")
        listed = set(re.search(r"--no-install-recommends\s+(.*?)\s+&&", runtime).group(1).split())
        listed.discard("ca-certificates")  # for TLS to the brokers, not linked
        needed = set()
        for line in subprocess.run(["ldd", WIRELENS], check=True, capture_output=True,
                                   text=True).stdout.splitlines():
            m = re.search(r"=> (/\S+)", line)
            if not m:
                continue
            owner = None
            for path in (os.path.realpath(m.group(1)), m.group(1)):
                for candidate in (path, path.replace("/usr/lib/", "/lib/", 1),
                                  path.replace("/lib/", "/usr/lib/", 1)):
                    r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
                    if r.returncode == 0:
                        owner = r.stdout.split(":")[0]
                        break
                if owner:
                    break
            self.assertIsNotNone(owner, "no package owns %s" % m.group(1))
            needed.add(owner)
        # A sanitizer build of the binary (the asan preset) also links the
        # sanitizer runtimes, which the release image never carries.
        needed = {p for p in needed if not re.match(r"lib(asan|ubsan|lsan|tsan)\d*$", p)}
        # In debian:bookworm-slim already, or pulled in by a listed package.
        provided = {"libc6", "libgcc-s1", "libstdc++6"}
        todo = list(listed)
        while todo:
            pkg = todo.pop()
            r = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", pkg],
                               capture_output=True, text=True)
            for dep in re.split(r"[,|]", r.stdout):
                dep = dep.strip().split(" ")[0].split(":")[0]
                if dep and dep not in provided:
                    provided.add(dep)
                    todo.append(dep)
        self.assertEqual(set(), needed - listed - provided, "libraries the image lacks")
        self.assertEqual(set(), listed - needed, "packages the binary does not link")


class DocsTest(unittest.TestCase):

    def test_configuration_md_is_generated(self):
        if not WIRELENS:
            self.skipTest("needs --wirelens")
        r = subprocess.run([os.path.join(REPO, "scripts", "gen-docs.sh"), "--check", WIRELENS],
                           capture_output=True, text=True)
        self.assertEqual(0, r.returncode, r.stderr[-4000:])

    def test_metrics_md_names_every_metric(self):
        sources = ""
        for path in glob.glob(os.path.join(REPO, "pipeline", "**", "*.cc"), recursive=True):
            if not path.endswith("_test.cc"):
                with open(path, encoding="utf-8") as f:
                    sources += f.read()
        metrics = set(re.findall(r'"(wirelens_[a-z_]+)"', sources))
        metrics |= set(re.findall(r'k\w*Metric\[\] = "(wirelens_[a-z_]+)"', sources))
        with open(os.path.join(REPO, "docs", "metrics.md"), encoding="utf-8") as f:
            doc = f.read()
        self.assertEqual(set(), {m for m in metrics if "`%s" % m not in doc})

    def test_doc_links_resolve(self):
        for path in glob.glob(os.path.join(REPO, "docs", "*.md")) + \
                [os.path.join(REPO, "deploy", "README.md")]:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for target in re.findall(r"\]\(([^)#\s]+)", text):
                if "://" in target:
                    continue
                with self.subTest(doc=os.path.relpath(path, REPO), link=target):
                    self.assertTrue(os.path.exists(os.path.join(os.path.dirname(path), target)))


class DlqReplayTest(unittest.TestCase):
    """scripts/dlq-replay.sh against real dead letters from the real worker."""

    def setUp(self):
        if not WIRELENS:
            self.skipTest("needs --wirelens")
        if shutil.which("kcat") is None:
            self.skipTest("needs kcat")
        self.procs = []
        self.tmp = tempfile.mkdtemp(prefix="wirelens-dlq-")

    def tearDown(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if proc.stdout:
                proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def kcat(self, *args, data=None):
        r = subprocess.run(["kcat", "-b", self.bootstrap, *args], input=data,
                           capture_output=True, timeout=60)
        self.assertEqual(0, r.returncode, r.stderr.decode("utf-8", "replace"))
        return r.stdout

    def read_topic(self, topic):
        """[(key, value bytes or None, [(header, value)])] in offset order."""
        records = []
        for line in self.kcat("-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J").splitlines():
            letter = json.loads(line.decode("utf-8", "surrogateescape"))
            raw = self.kcat("-C", "-t", topic, "-p", str(letter["partition"]), "-o",
                            str(letter["offset"]), "-c", "1", "-e", "-q", "-f", "%S\n%s")
            size, _, value = raw.partition(b"\n")
            h = letter.get("headers") or []
            records.append((letter["partition"], letter["offset"], letter.get("key"),
                            None if int(size) < 0 else value,
                            [(h[i], h[i + 1]) for i in range(0, len(h), 2)]))
        return sorted(records, key=lambda r: (r[0], r[1]))

    def wait_for(self, predicate, what, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.3)
        self.fail("timed out waiting for " + what)

    def test_replay_after_fix(self):
        broker = subprocess.Popen(
            [WIRELENS, "broker", "--topics",
             "articles.raw:2,articles.enriched:2,articles.raw.dlq:1,articles.replayed:2"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.procs.append(broker)
        line = broker.stdout.readline().decode()
        self.assertTrue(line.startswith("bootstrap="), line)
        self.bootstrap = line.strip().split("=", 1)[1]
        worker = subprocess.Popen(
            [WIRELENS, "run", "--brokers", self.bootstrap, "--http-port=-1", "--log-level=warn",
             "--commit-interval=200ms"],
            env=dict(os.environ, WIRELENS_MODEL_DIR=REPO), stderr=subprocess.DEVNULL)
        self.procs.append(worker)

        # Three inputs the worker rejects, with awkward bytes and headers.
        binary = os.path.join(self.tmp, "binary")
        with open(binary, "wb") as f:
            f.write(b"\x00\x01\xff\xfe not an article\n")
        self.kcat("-P", "-t", "articles.raw", "-k", "bin-1", "-H", "traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                  "-H", "x-note=a,b=c", binary)
        self.kcat("-P", "-t", "articles.raw", "-K", "\\x01", data=b"empty-1\x01\n")
        self.kcat("-P", "-t", "articles.raw", "-k", "json-1", data=b'{"id": broken\n')
        letters = self.wait_for(lambda: len(self.read_topic("articles.raw.dlq")) >= 3 and
                                self.read_topic("articles.raw.dlq"), "3 dead letters")
        self.assertEqual(3, len(letters))

        # A letter as a transient failure would leave it (good input, code
        # UNAVAILABLE): the one to replay to the worker after "the fix".
        article = b'{"id":"retry-1","headline":"Ein kurzer Test","body":"Das ist ein Satz auf Deutsch."}'
        self.kcat("-P", "-t", "articles.raw.dlq", "-k", "retry-1",
                  "-H", "wirelens-error-code=UNAVAILABLE", "-H", "wirelens-error-message=broker down",
                  "-H", "wirelens-error-stage=publish", "-H", "wirelens-source-topic=articles.raw",
                  "-H", "wirelens-source-partition=1", "-H", "wirelens-source-offset=7",
                  data=article + b"\n")

        script = os.path.join(REPO, "scripts", "dlq-replay.sh")
        dry = subprocess.run([script, "-b", self.bootstrap, "--to", "articles.replayed",
                              "--dry-run"], capture_output=True, text=True, timeout=60)
        self.assertEqual(0, dry.returncode, dry.stderr)
        self.assertEqual(4, dry.stdout.count("would replay"))

        # Replay the decode failures elsewhere and compare byte for byte.
        r = subprocess.run([script, "-b", self.bootstrap, "--to", "articles.replayed",
                            "--code", "INVALID_ARGUMENT", "--stage", "decode"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(0, r.returncode, r.stderr)
        replayed = {rec[2]: rec for rec in self.read_topic("articles.replayed")}
        self.assertEqual({"bin-1", "empty-1", "json-1"}, set(replayed))
        for p, o, key, value, headers in letters:
            _, _, _, got_value, got_headers = replayed[key]
            self.assertEqual(value, got_value, key)
            kept = [h for h in headers if not h[0].startswith(("wirelens-error-",
                                                               "wirelens-source-"))]
            self.assertEqual(kept + [("wirelens-replayed-from", "articles.raw.dlq/%d/%d" % (p, o))],
                             got_headers, key)
        with open(binary, "rb") as f:
            self.assertEqual(f.read(), replayed["bin-1"][3])
        self.assertEqual(b"", replayed["empty-1"][3])

        # Replay the transient one to its source topic: the worker enriches it.
        r = subprocess.run([script, "-b", self.bootstrap, "--code", "UNAVAILABLE",
                            "--keep-partition"], capture_output=True, text=True, timeout=60)
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("-> articles.raw/1 key=retry-1", r.stdout)
        out = self.wait_for(lambda: [rec for rec in self.read_topic("articles.enriched")
                                     if rec[2] == "retry-1"], "the replayed article's Enrichment")
        self.assertEqual(1, len(out))
        self.assertIn(b"retry-1", out[0][3])

        # Bad usage fails cleanly.
        r = subprocess.run([script, "-b", self.bootstrap, "--to", "articles.raw.dlq"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(2, r.returncode)


def main():
    global WIRELENS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wirelens", help="the wirelens binary (enables the checks that run it)")
    args, rest = parser.parse_known_args()
    reason = skip_reason()
    if reason:
        print("skipped because " + reason)
        return 77
    if args.wirelens:
        WIRELENS = os.path.abspath(args.wirelens)
        if not os.access(WIRELENS, os.X_OK):
            print("no executable at %s" % WIRELENS, file=sys.stderr)
            return 2
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
