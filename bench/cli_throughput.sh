#!/bin/sh
# `watpl lint --json` and `watpl window` over large files: throughput and peak
# memory (maximum resident set size from /usr/bin/time, or from getrusage via
# python when GNU time is absent).
# usage: cli_throughput.sh WATPL_BINARY WORKDIR [SIZE_MB]
set -e
watpl=$1 dir=$2 mb=${3:-1000}
mkdir -p "$dir"
lint_in="$dir/lint-$mb.jsonl"
win_in="$dir/window-$mb.jsonl"
[ -f "$lint_in" ] || python3 tools/gen_bench_corpus.py "$lint_in" "$mb" > /dev/null
if [ ! -f "$win_in" ]; then
python3 - "$win_in" "$mb" <<'PY'
import random, sys
path, mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(7)
target = int(mb * 1e6); written = 0; t = 1767225600
kinds = ["MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"]
with open(path, "w") as f:
    while written < target:
        c = "+55119%08d" % rng.randrange(1000000)
        t += rng.randrange(0, 2)
        r = rng.random()
        if r < 0.4:
            line = '{"contact":"%s","t":%d,"type":"inbound"%s}\n' % (c, t, ',"entry":"ctwa"' if r < 0.05 else "")
        elif r < 0.8:
            line = '{"contact":"%s","t":%d,"type":"outbound","kind":"%s"}\n' % (c, t, rng.choice(kinds))
        else:
            line = '{"contact":"%s","t":%d,"type":"query","kind":"%s"}\n' % (c, t, rng.choice(kinds))
        f.write(line); written += len(line)
PY
fi
measure() {
    name=$1; shift
    python3 - "$name" "$@" <<'PY'
import os, resource, subprocess, sys, time
name, cmd = sys.argv[1], sys.argv[2:]
size = os.path.getsize(cmd[-1])
t0 = time.monotonic()
with open(os.devnull, "w") as devnull:
    rc = subprocess.call(cmd, stdout=devnull)
dt = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print("%s: %.0f MB in %.1f s = %.1f MB/s, peak RSS %.1f MB (exit %d; target < 32 MB)" % (name, size / 1e6, dt, size / 1e6 / dt, rss, rc))
PY
}
measure "watpl lint --json" "$watpl" lint --json "$lint_in"
measure "watpl window" "$watpl" window "$win_in"
