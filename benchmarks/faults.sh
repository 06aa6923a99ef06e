#!/usr/bin/env bash
# Runs the example application through faults of its cache backends and writes docs/reliability.md.
#   benchmarks/faults.sh                  about 4 minutes on 2 cores: 3 for the faults, the rest for building
#   benchmarks/faults.sh --note "TEXT"    the same, with TEXT at the top of the report (e.g. that a run is a trial)
# Faults, one at a time, each under wrk load and a checker that compares answers with the repository's truth:
# Redis killed and restarted, stopped (SIGSTOP/SIGCONT), slowed (DEBUG SLEEP), paused (CLIENT PAUSE); a custom
# backend slow and hanging. Not part of the test command. Needs a JDK 17, python3, redis-server (6.2 or later),
# wrk and taskset (util-linux). Starts and stops its own redis-server on a free port, never 6379.
set -euo pipefail
cd "$(dirname "$0")/.."

note=""
case "${1:-}" in
    "") ;;
    --note) note=${2:?--note needs a text} ;;
    *) echo "usage: benchmarks/faults.sh [--note TEXT]" >&2; exit 2 ;;
esac

command -v redis-server >/dev/null || { echo "redis-server is needed (apt-get install redis-server)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } \
        || true
fi
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

out=benchmarks/target/faults
rm -rf "$out" && mkdir -p "$out/pids"

# Whatever happens, nothing started here outlives the script: a stopped Redis is continued before it is killed.
cleanup() {
    local pid
    for file in "$out"/pids/*; do
        [ -f "$file" ] || continue
        pid=$(cat "$file")
        kill -CONT "$pid" 2>/dev/null || true
        kill "$pid" 2>/dev/null || true
    done
    if [ -n "${driver_pid:-}" ]; then kill "$driver_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

echo "Building"
./mvnw -B -ntp -q install -DskipTests
./mvnw -B -ntp -q -Pbenchmarks -pl benchmarks compile
# The example application as spring-boot:run starts it, on this tree's classes rather than on the snapshots in the
# local Maven repository (which other builds may replace meanwhile), with the benchmarks' FaultInjection beside it.
./mvnw -B -ntp -q -pl examples dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$PWD/$out/examples.classpath"
classpath=$(python3 - "$out/examples.classpath" <<'EOF'
import os, re, sys
modules = {"beryl-cache-core": "cache-core", "beryl-cache-redis": "cache-redis",
           "beryl-cache-spring-boot-starter": "cache-spring-boot-starter"}
entries = ["benchmarks/target/classes", "examples/target/classes"]
for entry in open(sys.argv[1]).read().strip().split(os.pathsep):
    m = re.search(r"/dev/beryl/(beryl-cache-[a-z-]+?)/[^/]+/[^/]+\.jar$", entry)
    if m and entry.endswith("-tests.jar"):
        continue
    entries.append(modules[m.group(1)] + "/target/classes" if m else entry)
print(os.pathsep.join(os.path.abspath(e) if not e.startswith("/") else e for e in entries))
EOF
)

python3 benchmarks/faults/faults.py "$out" "$classpath" &
driver_pid=$!
wait "$driver_pid"
driver_pid=

python3 benchmarks/faults/report.py "$out/faults.json" docs/reliability.md "$(redis-server --version)" "$note"
echo "Wrote docs/reliability.md"
