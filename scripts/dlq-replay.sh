#!/usr/bin/env bash
# Replays dead letters from the wirelens dead-letter topic back to an input
# topic, after the cause was fixed (docs/dlq-runbook.md).
#
# Each selected dead letter is produced again with its key and value
# byte-for-byte unchanged and its headers unchanged, except:
#   - the dead-letter bookkeeping is removed: wirelens-error-* (code,
#     message, stage) and wirelens-source-* (topic, partition, offset);
#   - wirelens-replayed-from: <dlq-topic>/<partition>/<offset> is added, so
#     a replayed input that fails again can be traced to its earlier letter.
# The target is --to, else the dead letter's own wirelens-source-topic.
# Replaying is at-least-once: a replay that is interrupted and run again
# produces some inputs twice, which the worker's consumers de-duplicate by
# article id like any redelivery (docs/delivery.md).
#
# Needs kcat and python3 (JSON parsing only). Values are copied through files,
# so binary values (protobuf inputs, bytes that are not UTF-8) survive; keys
# and header values are taken from kcat's JSON output and must not contain
# NUL bytes (wirelens keys are article ids).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/dlq-replay.sh -b BROKERS [options]

  -b, --brokers LIST    Kafka bootstrap servers (default: $WIRELENS_BROKERS)
  --dlq TOPIC           dead-letter topic to read (default: articles.raw.dlq)
  --to TOPIC            topic to replay to (default: each letter's
                        wirelens-source-topic header)
  --code LIST           only letters whose wirelens-error-code is in LIST
                        (comma-separated, e.g. UNAVAILABLE,INTERNAL)
  --stage LIST          only letters whose wirelens-error-stage is in LIST
                        (e.g. decode, publish, language)
  --partition N         read only this partition of the dead-letter topic
  --offset SPEC         where to start reading each partition, as kcat -o:
                        beginning (default), end, <n>, -<n> (n before the end),
                        s@<unix-ms> (first message at or after that time)
  --keep-partition      produce to the letter's wirelens-source-partition
                        (default: partition by key, Java-compatible murmur2)
  --dry-run             print what would be replayed; produce nothing
  -X PROP=VALUE         librdkafka property for kcat, repeatable
                        (e.g. -X security.protocol=SASL_SSL)
  -F FILE               kcat configuration file (keeps secrets off argv)
  -h, --help            this text

Prints one line per replayed letter on stdout and a summary on stderr. Exit
status: 0 when every selected letter was replayed, 1 when one failed (the
replay stops there; the summary says where to resume), 2 on a usage error.
EOF
}

brokers="${WIRELENS_BROKERS:-}"
dlq=articles.raw.dlq
to=""
codes=""
stages=""
partition=""
offset=beginning
keep_partition=0
dry_run=0
kcat_conf=()

while [ $# -gt 0 ]; do
  case "$1" in
    -b|--brokers) brokers="$2"; shift 2 ;;
    --brokers=*) brokers="${1#*=}"; shift ;;
    --dlq) dlq="$2"; shift 2 ;;
    --dlq=*) dlq="${1#*=}"; shift ;;
    --to) to="$2"; shift 2 ;;
    --to=*) to="${1#*=}"; shift ;;
    --code) codes="$2"; shift 2 ;;
    --code=*) codes="${1#*=}"; shift ;;
    --stage) stages="$2"; shift 2 ;;
    --stage=*) stages="${1#*=}"; shift ;;
    --partition) partition="$2"; shift 2 ;;
    --partition=*) partition="${1#*=}"; shift ;;
    --offset) offset="$2"; shift 2 ;;
    --offset=*) offset="${1#*=}"; shift ;;
    --keep-partition) keep_partition=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -X) kcat_conf+=(-X "$2"); shift 2 ;;
    -F) kcat_conf+=(-F "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "dlq-replay: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -z "$brokers" ]; then
  echo "dlq-replay: no brokers: give -b host:port (or set WIRELENS_BROKERS)" >&2
  exit 2
fi
if [ -n "$partition" ] && ! [[ "$partition" =~ ^[0-9]+$ ]]; then
  echo "dlq-replay: --partition must be a partition number" >&2
  exit 2
fi
if [ -n "$to" ] && [ "$to" = "$dlq" ]; then
  echo "dlq-replay: --to must not be the dead-letter topic itself" >&2
  exit 2
fi
for tool in kcat python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "dlq-replay: $tool is required (scripts/bootstrap.sh installs it)" >&2
    exit 2
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. List the dead letters present now (-e: stop at the end of each partition).
list_args=(-C -b "$brokers" -t "$dlq" -o "$offset" -e -J -q "${kcat_conf[@]}")
if [ -n "$partition" ]; then list_args+=(-p "$partition"); fi
if ! kcat "${list_args[@]}" > "$work/letters.jsonl" 2> "$work/list.err"; then
  echo "dlq-replay: cannot read $dlq: $(cat "$work/list.err")" >&2
  exit 1
fi

# 2. Select and rewrite: one NUL-separated record per letter to replay:
#    partition, offset, has_key (0/1), key, target topic, target partition
#    (or empty), error code, header count, then "name=value" per header.
python3 - "$work/letters.jsonl" "$codes" "$stages" "$to" "$keep_partition" "$dlq" \
  > "$work/plan" <<'PY'
import json
import sys

path, codes, stages, to, keep_partition, dlq = sys.argv[1:7]
codes = {c for c in codes.split(",") if c}
stages = {s for s in stages.split(",") if s}
out = sys.stdout.buffer


def field(value):
    data = value.encode("utf-8", "surrogateescape")
    if b"\0" in data:
        raise ValueError("contains a NUL byte")
    out.write(data + b"\0")


def header_pairs(raw):
    # kcat 1.7 writes a flat [name, value, ...] array; older ones an object.
    if isinstance(raw, dict):
        return [(k, v) for k, v in raw.items()]
    raw = raw or []
    return [(raw[i], raw[i + 1]) for i in range(0, len(raw) - 1, 2)]


with open(path, "rb") as f:
    for line in f:
        line = line.decode("utf-8", "surrogateescape").strip()
        if not line:
            continue
        letter = json.loads(line)
        pairs = header_pairs(letter.get("headers"))
        meta = {k: (v or "") for k, v in pairs}
        code = meta.get("wirelens-error-code", "")
        if codes and code not in codes:
            continue
        if stages and meta.get("wirelens-error-stage", "") not in stages:
            continue
        target = to or meta.get("wirelens-source-topic", "")
        where = "%s/%d/%d" % (dlq, letter["partition"], letter["offset"])
        if not target:
            sys.stderr.write("dlq-replay: %s has no wirelens-source-topic header; "
                             "give --to\n" % where)
            sys.exit(1)
        target_partition = ""
        if keep_partition == "1":
            target_partition = meta.get("wirelens-source-partition", "")
            if not target_partition.isdigit():
                sys.stderr.write("dlq-replay: %s has no wirelens-source-partition "
                                 "header; drop --keep-partition\n" % where)
                sys.exit(1)
        kept = [(k, v) for k, v in pairs
                if not k.startswith("wirelens-error-") and not k.startswith("wirelens-source-")
                and k != "wirelens-replayed-from"]
        kept.append(("wirelens-replayed-from", where))
        try:
            field(str(letter["partition"]))
            field(str(letter["offset"]))
            key = letter.get("key")
            field("0" if key is None else "1")
            field(key or "")
            field(target)
            field(target_partition)
            field(code)
            field(str(len(kept)))
            for k, v in kept:
                field("%s=%s" % (k, v or ""))
        except ValueError as e:
            sys.stderr.write("dlq-replay: %s: key or header %s\n" % (where, e))
            sys.exit(1)
PY

# 3. Replay, in DLQ order per partition: fetch the exact value, produce it.
replayed=0
last_position=""
fail() {
  echo "dlq-replay: $1" >&2
  echo "dlq-replay: replayed $replayed letter(s) before the failure${last_position:+; the last was $last_position}." \
       "Resume with --partition $p --offset $o (and the same filters)." >&2
  exit 1
}
while IFS= read -r -d '' p; do
  IFS= read -r -d '' o
  IFS= read -r -d '' has_key
  IFS= read -r -d '' key
  IFS= read -r -d '' target
  IFS= read -r -d '' target_partition
  IFS= read -r -d '' code
  IFS= read -r -d '' n
  headers=()
  for ((i = 0; i < n; i++)); do
    IFS= read -r -d '' h
    headers+=(-H "$h")
  done
  describe="$dlq/$p/$o -> $target${target_partition:+/$target_partition} key=$([ "$has_key" = 1 ] && printf '%q' "$key" || echo '(null)') code=${code:-?}"
  if [ "$dry_run" -eq 1 ]; then
    echo "would replay $describe"
    continue
  fi

  # The value, byte-exact: "<offset> <size>\n<value>" (size -1 for a null value).
  if ! kcat -C -b "$brokers" -t "$dlq" -p "$p" -o "$o" -c 1 -e -q -f '%o %S\n%s' \
      "${kcat_conf[@]}" > "$work/fetched" 2> "$work/fetch.err"; then
    fail "cannot fetch $dlq/$p/$o: $(cat "$work/fetch.err")"
  fi
  IFS=' ' read -r got_offset size < "$work/fetched" || true
  if [ "${got_offset:-}" != "$o" ]; then
    fail "$dlq/$p/$o is gone (retention?); fetched offset '${got_offset:-none}' instead"
  fi
  header_len=$(( ${#got_offset} + 1 + ${#size} + 1 ))
  tail -c +$((header_len + 1)) "$work/fetched" > "$work/value"
  if [ "$size" -ge 0 ] && [ "$(stat -c %s "$work/value")" -ne "$size" ]; then
    fail "$dlq/$p/$o: fetched $(stat -c %s "$work/value") bytes, expected $size"
  fi

  produce=(-P -b "$brokers" -t "$target" -X partitioner=murmur2_random "${kcat_conf[@]}" "${headers[@]}")
  if [ -n "$target_partition" ]; then produce+=(-p "$target_partition"); fi
  if [ "$size" -gt 0 ]; then
    # A file argument is produced as one message, unchanged.
    if [ "$has_key" = 1 ]; then produce+=(-k "$key"); fi
    kcat "${produce[@]}" "$work/value" 2> "$work/produce.err" || fail "cannot produce $describe: $(cat "$work/produce.err")"
  else
    # kcat skips empty files: send "<key>\x01" as one line split at \x01
    # into key and empty value; -Z turns the empty value into a null one.
    if [ "$size" -lt 0 ]; then produce+=(-Z); fi
    printf '%s\x01\n' "$key" | kcat "${produce[@]}" -K '\x01' 2> "$work/produce.err" \
      || fail "cannot produce $describe: $(cat "$work/produce.err")"
  fi
  # kcat reports failed deliveries on stderr.
  if grep -qiE 'fail|error' "$work/produce.err"; then
    fail "cannot produce $describe: $(cat "$work/produce.err")"
  fi
  replayed=$((replayed + 1))
  last_position="$dlq/$p/$o"
  echo "replayed $describe"
done < "$work/plan"

if [ "$dry_run" -eq 1 ]; then
  echo "dlq-replay: dry run; nothing produced" >&2
else
  echo "dlq-replay: replayed $replayed letter(s)${last_position:+; the last was $last_position}" >&2
fi
