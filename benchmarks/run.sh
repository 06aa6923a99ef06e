#!/usr/bin/env bash
# Runs the benchmark suite and writes docs/benchmarks.md.
#   benchmarks/run.sh           full mode: forks, warm-ups and iterations for the committed report (about 80 minutes on 2 cores)
#   benchmarks/run.sh --quick   a smoke run in under 10 minutes (7.5 on 2 cores); the report says it is one
#   benchmarks/run.sh [--quick] --only GROUPS
#                               only some of the groups that are not JMH benchmarks, a comma-separated list of
#                               stampede (7, with two instances on one Redis), clear (8), http (9), expiry (9b) and
#                               heap (10); their sections of docs/benchmarks.md are replaced, each saying when it
#                               was measured, and the rest is kept. Builds without installing anything.
# Needs a JDK 17, python3, redis-server and taskset (util-linux). Starts and stops its own redis-server on a free
# port, pinned to another core than the benchmark JVM where there are two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) mode=quick ;;
        --only)
            only=${2:?--only needs a list of groups}
            shift
            for group in ${only//,/ }; do
                case "$group" in
                    stampede | clear | http | expiry | heap) ;;
                    *) echo "--only: '$group' is not one of stampede, clear, http, expiry, heap" >&2; exit 2 ;;
                esac
            done ;;
        *) echo "usage: benchmarks/run.sh [--quick] [--only stampede,clear,http,expiry,heap]" >&2; exit 2 ;;
    esac
    shift
done
# Whether a group runs: all of them, or those named by --only.
wanted() {
    [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]
}
# Calls to Redis warm up for longer: at a few thousand calls per second on the JVM's one core, Lettuce's, Netty's
# and each cache's code takes 10 to 25 s to be compiled, and a figure measured during that climb favours whichever
# path has the least code, not the fastest one.
if [ "$mode" = quick ]; then
    jmh=(-f 1 -wi 1 -i 1 -w 1s -r 1s) seconds=2 wrk_seconds=3 expiry_seconds=6
    redis_jmh=(-f 1 -wi 4 -i 1 -w 1s -r 1s)
else
    jmh=(-f 2 -wi 2 -i 3 -w 1s -r 2s) seconds=5 wrk_seconds=15 expiry_seconds=10
    redis_jmh=(-f 2 -wi 10 -i 3 -w 2s -r 2s)
fi

command -v redis-server >/dev/null || { echo "redis-server is needed (apt-get install redis-server)" >&2; exit 1; }
if { wanted http || wanted expiry; } && ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing wrk for the HTTP group"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } \
        || true
fi

echo "Building"
if [ -z "$only" ]; then
    ./mvnw -B -ntp -q install -DskipTests
    ./mvnw -B -ntp -q -Pbenchmarks -pl benchmarks package -DskipTests
else
    # This tree's modules, built beside the benchmarks and packed into their jar, not installed.
    ./mvnw -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
rm -rf "$out" && mkdir -p "$out"
cp /proc/loadavg "$out/loadavg.txt" 2>/dev/null || true

redis_pin=() jvm_pin=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    redis_pin=(taskset -c 1) jvm_pin=(taskset -c 0)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${redis_pin[@]}" redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --logfile "$out/redis.log" &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
export BERYL_BENCH_REDIS="redis://127.0.0.1:$port"

run() {
    local name=$1; shift
    echo "Running $name"
    java -jar "$jar" "$@" "${jmh[@]}" -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1 \
        || { tail -30 "$out/$name.log" >&2; exit 1; }
}
# A JMH group that calls Redis: the JVM off Redis's core, with the Redis warm-up.
pinned() {
    local name=$1; shift
    "${jvm_pin[@]}" java -jar "$jar" "$@" "${redis_jmh[@]}" -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1 \
        || { tail -30 "$out/$name.log" >&2; exit 1; }
}
if [ -z "$only" ]; then
    run hit 'HitPathBenchmark' -prof gc
    run roundrobin 'RoundRobinHitBenchmark' -p impl=caffeine,aopPassThrough,beryl,springCaffeine \
        -p shape=oneArg,spel -prof gc
    run layers 'HitLayersBenchmark' -prof gc
    run miss 'MissPathBenchmark' -prof gc
    run keys 'KeyBenchmark' -prof gc
    run codec 'CodecBenchmark' -prof gc -foe false
    run store1 'StoreBenchmark' -t 1
    run store2 'StoreBenchmark' -t 2
    run keytext 'KeyTextBenchmark' -prof gc
    echo "Running redis"
    for threads in 1 16; do
        pinned "redis$threads" RedisHitBenchmark -t "$threads"
    done
    pinned compression RedisHitBenchmark -p impl=beryl,berylCompressed -p size=32768
    pinned redislayers16 RedisLayersBenchmark -t 16
    echo "Running asynchronous methods"
    run async AsyncBenchmark -p backend=memory -prof gc
    pinned async-redis AsyncBenchmark -p backend=redis -prof gc
fi
if wanted stampede; then
    echo "Running stampede, in one instance and in two on one Redis"
    java -cp "$jar" dev.beryl.cache.benchmarks.Stampede "$out/stampede.json"
    # Both instances in one JVM, off Redis's core, as the Redis group runs.
    "${jvm_pin[@]}" java -cp "$jar" dev.beryl.cache.benchmarks.FleetStampede "$BERYL_BENCH_REDIS" "$out/fleet.json"
fi
if wanted clear; then
    echo "Running clear under load"
    "${jvm_pin[@]}" java -Dbench.seconds="$seconds" -cp "$jar" dev.beryl.cache.benchmarks.ClearUnderLoad "$out/clear.json"
fi
if [ -z "$only" ]; then
    echo "Running payload sizes"
    java -cp "$jar" dev.beryl.cache.benchmarks.PayloadSizes "$out/sizes.json"
fi
if wanted heap; then
    echo "Running heap per entry"
    java -XX:+UseSerialGC -cp "$jar" dev.beryl.cache.benchmarks.HeapPerEntry "$out/heap.json"
fi

if { wanted http || wanted expiry; } && ! command -v wrk >/dev/null; then
    echo "wrk is not installed: the HTTP groups are skipped (apt-get install wrk)"
elif wanted http || wanted expiry; then
    echo "Starting the HTTP application"
    http_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${jvm_pin[@]}" java -cp "$jar" dev.beryl.cache.benchmarks.http.HttpBenchApplication --server.port="$http_port" \
        > "$out/http-app.log" 2>&1 &
    app_pid=$!
    trap 'kill "$redis_pid" "$app_pid" 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http_port/constant/1" >/dev/null && break; sleep 0.5; done
    wrk_pin=()
    if [ ${#redis_pin[@]} -gt 0 ]; then wrk_pin=(taskset -c 1); fi
    if wanted http; then
        echo "Running HTTP (wrk)"
        endpoints=(constant beryl/memory beryl/redis spring)
        # Two warm-up passes over every endpoint, then two measured passes in turn, keeping each endpoint's better
        # one: a single pass in a fixed order measured the JIT's progress more than the endpoints.
        for pass in 1 2; do
            for endpoint in "${endpoints[@]}"; do
                curl -sf "http://127.0.0.1:$http_port/$endpoint/1" >/dev/null
                "${wrk_pin[@]}" wrk -t1 -c16 -d"${wrk_seconds}s" "http://127.0.0.1:$http_port/$endpoint/1" >/dev/null
            done
        done
        for pass in 1 2; do
            for endpoint in "${endpoints[@]}"; do
                "${wrk_pin[@]}" wrk -t1 -c16 -d"${wrk_seconds}s" --latency "http://127.0.0.1:$http_port/$endpoint/1" \
                    > "$out/wrk-${endpoint//\//-}-$pass.txt"
            done
        done
    fi
    if wanted expiry; then
        echo "Running expiry under load (wrk)"
        # One hot key cached for 1 s in front of a 200 ms method, with and without staleWhileRevalidate, and the
        # memory hit of group 9, which does not expire, as the control: a warm-up pass each, then two measured passes
        # in turn, each long enough for the key to expire several times. Every pass is reported, with how many times
        # the method ran during it.
        for pass in 0 1 2; do
            for variant in plain stale hit; do
                url="http://127.0.0.1:$http_port/expiry/$variant/1"
                if [ "$variant" = hit ]; then url="http://127.0.0.1:$http_port/beryl/memory/1"; fi
                file="$out/expiry-$variant-$pass.txt"
                if [ "$pass" = 0 ]; then file=/dev/null; fi
                {
                    echo "RUNS BEFORE $(curl -sf "http://127.0.0.1:$http_port/expiry/runs")"
                    "${wrk_pin[@]}" wrk -t1 -c16 -d"${expiry_seconds}s" --latency -s benchmarks/expiry.lua "$url"
                    echo "RUNS AFTER $(curl -sf "http://127.0.0.1:$http_port/expiry/runs")"
                } > "$file"
            done
        done
    fi
    kill "$app_pid" 2>/dev/null || true
fi

if [ -z "$only" ]; then
    python3 benchmarks/report.py "$out" docs/benchmarks.md "$mode" "$(redis-server --version)"
else
    python3 benchmarks/report.py "$out" docs/benchmarks.md "$mode" "$(redis-server --version)" --only "$only"
fi
echo "Wrote docs/benchmarks.md"
