#!/usr/bin/env python3
"""Turns the JMH results of benchmarks/run.sh into docs/benchmarks.md: ratios first, every figure with its error.

Usage: report.py RESULTS_DIR OUTPUT.md MODE REDIS_VERSION [--only GROUPS]

With --only (the groups of `run.sh --only`), the results hold those groups alone: their sections replace the same
sections of OUTPUT.md, each saying when it was measured, their rows of the targets table replace the same rows, and
the rest of OUTPUT.md is kept.
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys


SHAPES = ["oneArg", "threeArgs", "dto", "spel"]

# The sections that each group of `run.sh --only` writes, by their number.
GROUP_SECTIONS = {"stampede": "7", "clear": "8", "http": "9", "expiry": "9b", "heap": "10"}

# The slow method behind the expiring endpoints of the HTTP application, in milliseconds.
EXPIRY_METHOD_MILLIS = 200


def load(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def rows(results, method=None):
    """(params, score, error, unit, alloc) of each benchmark, optionally of one method only."""
    found = []
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        if method and name != method:
            continue
        metric = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm") or \
            r.get("secondaryMetrics", {}).get("\u00b7gc.alloc.rate.norm")
        found.append((dict(r.get("params", {}), method=name), metric["score"], metric["scoreError"],
                      metric["scoreUnit"], alloc["score"] if alloc else None))
    return found


SAME = {"lookups": "same"}


def find(table, **params):
    for p, score, error, unit, alloc in table:
        if all(p.get(k) == str(v) for k, v in params.items()):
            return score, error, unit, alloc
    return None


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fmt(value, error=None):
    value, error = number(value), number(error)
    if value is None or value != value:
        return "n/a"
    text = f"{value:,.1f}" if value >= 10 else f"{value:,.3f}"
    if error is not None and error == error:  # not NaN
        text += f" ± {error:,.1f}" if error >= 10 else f" ± {error:,.3f}"
    return text


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def verdict(ok):
    return "**met**" if ok else "**not met**"


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.strip() or \
            subprocess.run(args, capture_output=True, text=True, timeout=30).stderr.strip()
    except OSError:
        return "unknown"


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return model, os.cpu_count(), java[0] if java else "unknown", f"{platform.system()} {platform.release()}"


def versions(root):
    pom = open(os.path.join(root, "pom.xml")).read()
    boot = re.search(r"<spring-boot.version>(.*?)</spring-boot.version>", pom).group(1)
    bench = open(os.path.join(root, "benchmarks", "pom.xml")).read()
    jetcache = re.search(r"<jetcache.version>(.*?)</jetcache.version>", bench).group(1)
    jmh = re.search(r"<jmh.version>(.*?)</jmh.version>", bench).group(1)
    return boot, jetcache, jmh


def path_tables(w, table, impls):
    """One table per argument shape: each implementation's time and allocation, and its ratios to the peers."""
    for shape in SHAPES:
        if not any(p.get("shape") == shape for p, *_ in table):
            continue
        w(f"**{shape}**")
        w("")
        w("| implementation | ns/op | B/op | × Spring + Caffeine | × decorator |")
        w("|---|---|---|---|---|")
        s = find(table, impl="springCaffeine", shape=shape)
        d = find(table, impl="mapDecorator", shape=shape)
        for impl in impls:
            r = find(table, impl=impl, shape=shape)
            if r:
                w(f"| {impl} | {fmt(r[0], r[1])} | {fmt(r[3])} | {fmt(ratio(r[0], s[0] if s else None))} | "
                  f"{fmt(ratio(r[0], d[0] if d else None))} |")
        w("")


def millis(value):
    """A JSON figure in milliseconds, or a dash where there is none."""
    return "–" if value is None else f"{value:,.1f} ms"


def expiry_passes(results_dir):
    """Each measured pass of the expiry group: (variant, pass, requests/s, EXPIRY figures, method runs)."""
    passes = []
    for name in sorted(os.listdir(results_dir)):
        m = re.fullmatch(r"expiry-(plain|stale|hit)-(\d+)\.txt", name)
        if not m:
            continue
        text = open(os.path.join(results_dir, name)).read()
        figures = re.search(r"^EXPIRY (\{.*\})$", text, re.M)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
        before = re.search(r"^RUNS BEFORE (\{.*\})$", text, re.M)
        after = re.search(r"^RUNS AFTER (\{.*\})$", text, re.M)
        if not figures or not rps:
            continue
        variant = m.group(1)
        runs = (json.loads(after.group(1))[variant] - json.loads(before.group(1))[variant]) \
            if before and after and variant in json.loads(before.group(1)) else None
        passes.append((variant, int(m.group(2)), float(rps.group(1)), json.loads(figures.group(1)), runs))
    return passes


def split_sections(lines):
    """The lines before the first `## ` heading, and each section as (heading, lines)."""
    preamble, sections = [], []
    for line in lines:
        if line.startswith("## "):
            sections.append((line, [line]))
        elif sections:
            sections[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, sections


def section_number(heading):
    m = re.match(r"## (\d+[a-z]?)\. ", heading)
    return m.group(1) if m else heading


def target_key(row):
    """A targets row's label with its figures blanked, so that a new measurement finds the row it replaces."""
    return re.sub(r"\d[\d.,]*", "#", row.split(" | ")[0])


def merge(output, generated, only, note):
    """Replaces the sections of the groups in `only`, and their target rows, in the report at `output`."""
    if not os.path.exists(output):
        return generated
    old_preamble, old = split_sections(open(output).read().rstrip("\n").split("\n"))
    _, new = split_sections(generated)
    numbers = [GROUP_SECTIONS[group] for group in only]
    new_by_number = {section_number(h): body for h, body in new}
    for number in numbers:
        body = new_by_number.get(number)
        if body is None:
            continue
        body = [body[0], "", note] + body[1:]
        at = next((i for i, (h, _) in enumerate(old) if section_number(h) == number), None)
        if at is not None:
            old[at] = (old[at][0], body)
            continue
        # A new section goes after the last section that precedes it in a full report.
        order = [section_number(h) for h, _ in new]
        before = order[:order.index(number)]
        at = max((i for i, (h, _) in enumerate(old) if section_number(h) in before), default=len(old) - 1)
        old.insert(at + 1, (body[0], body))
    targets = next((body for h, body in new if h == "## Targets"), [])
    fresh = [line for line in targets if line.startswith("| ") and not line.startswith("| target |")
             and " | not measured" not in line]
    for i, (heading, body) in enumerate(old):
        if heading != "## Targets":
            continue
        rows = [j for j, line in enumerate(body) if line.startswith("| ") and not line.startswith("| target |")]
        for row in fresh:
            match = next((j for j in rows if target_key(body[j]) == target_key(row)), None)
            if match is not None:
                body[match] = row
                rows.remove(match)
            else:
                last = max((j for j, line in enumerate(body) if line.startswith("|")), default=len(body) - 1)
                body.insert(last + 1, row)
                rows = [j + 1 if j > last else j for j in rows]
        old[i] = (heading, body)
    merged = old_preamble + [line for _, body in old for line in body]
    return merged if merged and merged[-1] == "" else merged + [""]


def main():
    results_dir, output, mode, redis_version = sys.argv[1:5]
    only = sys.argv[6].split(",") if len(sys.argv) > 6 and sys.argv[5] == "--only" else []
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    hit = rows(load(os.path.join(results_dir, "hit.json")))
    roundrobin = rows(load(os.path.join(results_dir, "roundrobin.json")))
    layers = rows(load(os.path.join(results_dir, "layers.json")))
    compression = rows(load(os.path.join(results_dir, "compression.json")))
    async_rows = rows(load(os.path.join(results_dir, "async.json"))) + \
        rows(load(os.path.join(results_dir, "async-redis.json")))
    miss = rows(load(os.path.join(results_dir, "miss.json")))
    keys = rows(load(os.path.join(results_dir, "keys.json")))
    codec = rows(load(os.path.join(results_dir, "codec.json")))
    store1 = rows(load(os.path.join(results_dir, "store1.json")))
    store2 = rows(load(os.path.join(results_dir, "store2.json")))
    keytext = rows(load(os.path.join(results_dir, "keytext.json")))
    redis1 = rows(load(os.path.join(results_dir, "redis1.json")))
    redis16 = rows(load(os.path.join(results_dir, "redis16.json")))
    redis_layers = rows(load(os.path.join(results_dir, "redislayers16.json")))
    stampede = load(os.path.join(results_dir, "stampede.json"))
    fleet = load(os.path.join(results_dir, "fleet.json"))
    expiry = expiry_passes(results_dir)
    clear = load(os.path.join(results_dir, "clear.json"))
    http = {}
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    for name in ["constant", "beryl-memory", "beryl-redis", "spring"]:
        for measured in sorted(f for f in os.listdir(results_dir) if re.fullmatch(rf"wrk-{name}(-\d)?\.txt", f)):
            text = open(os.path.join(results_dir, measured)).read()
            rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
            p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M)
            run = (float(rps.group(1)) if rps else None, float(p99.group(1)) * scale[p99.group(2)] if p99 else None)
            if run[0] is not None and (name not in http or run[0] > http[name][0]):
                http[name] = run
    sizes = load(os.path.join(results_dir, "sizes.json"))
    heap = {row["impl"]: row["bytesPerEntry"] for row in load(os.path.join(results_dir, "heap.json"))}
    model, cores, java, system = machine()
    boot, jetcache, jmh = versions(root)

    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w(f"Written by `benchmarks/run.sh{' --quick' if mode == 'quick' else ''}` on "
      f"{datetime.date.today().isoformat()}. " + (
          "**This is a quick run** (one fork, one warm-up, two short iterations): its errors are wide and its "
          "figures are a smoke test, not the committed full report." if mode == "quick" else
          "Full mode: two forks, two 1 s warm-ups and three 2 s iterations per figure; figures that call Redis "
          "(groups 6, 6b and 6c) warm up for ten 2 s iterations instead."))
    w("")
    w(f"Machine: {model}, {cores} cores; {java}; {system}. Spring Boot {boot}, JetCache {jetcache}, JMH {jmh}, "
      f"{redis_version.split(' sha=')[0]}. On a shared {cores}-core machine absolute numbers move between runs; "
      "the ratios, measured side by side in one run, are the figures to read.")
    w("")

    # Headline ratios and targets
    targets = []
    for label, table in (("one key", hit), ("1,024 keys round robin", roundrobin)):
        b = find(table, impl="beryl", shape="oneArg")
        s = find(table, impl="springCaffeine", shape="oneArg")
        aop = find(table, impl="aopPassThrough", shape="oneArg")
        caf = find(table, impl="caffeine", shape="oneArg")
        if b and aop and caf:
            floor = aop[0] + caf[0]
            targets.append((f"Memory hit, one `long` ({label}) ≤ floor + 20 ns (floor = `aopPassThrough` + "
                            f"`caffeine` = {fmt(floor)} ns); ns above the floor", b[0] - floor, b[0] - floor <= 20))
            if b[3] is not None and aop[3] is not None:
                extra = round(b[3] - aop[3], 1)
                targets.append((f"Memory hit, one `long` ({label}) ≤ AOP floor + 32 B; B above `aopPassThrough`",
                                extra, extra <= 32))
        if b and s:
            targets.append((f"Memory hit, one `long` ({label}) ≤ 0.3× Spring `@Cacheable` + Caffeine",
                            ratio(b[0], s[0]), ratio(b[0], s[0]) <= 0.3))
    metered = find(hit, impl="berylMetrics", shape="oneArg")
    plain = find(hit, impl="beryl", shape="oneArg")
    if metered and plain:
        targets.append(("Memory hit, one `long`, with Micrometer meters bound (`berylMetrics`) ≤ without + 10 ns; "
                        "ns above `beryl`", metered[0] - plain[0], metered[0] - plain[0] <= 10))
    spel = find(hit, impl="beryl", shape="spel")
    dto = find(hit, impl="beryl", shape="dto")
    if spel and dto:
        targets.append(("SpEL key hit (`#q.text() + ':' + #q.page()`) ≤ 1.5× default-key hit (same argument)",
                        ratio(spel[0], dto[0]), ratio(spel[0], dto[0]) <= 1.5))
    b = find(store1, impl="beryl", method="read", **SAME)
    c = find(store1, impl="caffeineFixed", method="read", **SAME)
    if b and c:
        targets.append(("In-memory store get ≥ 0.7× raw Caffeine (1 thread, read-only)", ratio(b[0], c[0]),
                        ratio(b[0], c[0]) >= 0.7))
    for threads, table in (("1", redis1), ("16", redis16)):
        for size in ["100", "1024", "32768"]:
            b = find(table, impl="beryl", size=size)
            raw = find(table, impl="lettuceRaw", size=size)
            s = find(table, impl="springRedis", size=size)
            if b and raw:
                targets.append((f"Redis hit ({size} B, {threads} thread(s)) ≤ 1.1× raw Lettuce GET + decode "
                                "(time; throughput ratio shown)", ratio(b[0], raw[0]), ratio(b[0], raw[0]) >= 1 / 1.1))
            if b and s:
                label = f"Redis hit ({size} B, {threads} thread(s)) ≥ 1.3× `RedisCacheManager` throughput"
                if raw and ratio(raw[0], s[0]) < 1.3:
                    # Raw Lettuce is the most any cache on Lettuce can do: when it is itself within 1.3× of
                    # Spring, the round trip is the time, and no cache can reach the target on this machine.
                    label += f" (raw Lettuce itself: {fmt(ratio(raw[0], s[0]))}×)"
                targets.append((label, ratio(b[0], s[0]), ratio(b[0], s[0]) >= 1.3))
    for row in stampede:
        if row["impl"] == "beryl":
            ok = row["loaderCalls"] == row["expectedLoaderCalls"] and (
                row["keys"] == 1 or row["worstMillis"] < 3 * row["loaderMillis"])
            targets.append((f"Stampede on {row['keys']} key(s): one loader call per key"
                            + ("" if row["keys"] == 1 else ", done in about one loader time"),
                            row["worstMillis"], ok))
    global_rows = [row for row in fleet if row["singleFlight"] == "GLOBAL"]
    if global_rows:
        most = max(row["loadsPerKeyMax"] for row in global_rows)
        targets.append(("Stampede on two instances sharing one Redis, `GLOBAL` single flight: one loader call per "
                        "key across both (most seen)", most, most == 1))
    stale_passes = [figures for variant, _, _, figures, _ in expiry if variant == "stale"]
    if stale_passes:
        worst = max(figures["max_us"] for figures in stale_passes) / 1000
        targets.append((f"Hot key expiring under load with `staleWhileRevalidate`: no request waits for the "
                        f"{EXPIRY_METHOD_MILLIS} ms method (worst max latency, ms)", worst,
                        worst < EXPIRY_METHOD_MILLIS))

    if "beryl" in heap and "springCaffeine" in heap:
        r = ratio(heap["beryl"], heap["springCaffeine"])
        targets.append(("Heap per cached entry (200,000 `long` keys, small strings) ≤ 1.2× Spring `@Cacheable` + "
                        "Caffeine", r, r <= 1.2))

    w("## Targets")
    w("")
    w("| target | measured | verdict |")
    w("|---|---|---|")
    for name, value, ok in targets:
        w(f"| {name} | {fmt(value)} | {verdict(ok)} |")
    base = next((r for r in clear if r["case"] == "baseline"), None)
    beryl_clear = next((r for r in clear if r["case"] == "beryl"), None)
    if base and beryl_clear:
        r = ratio(beryl_clear["p99Micros"], base["p99Micros"])
        w(f"| Clear: no `KEYS` ({beryl_clear['keysCommands']} sent); p99 of concurrent GETs during a clear < 2× "
          f"without | {fmt(r)} | {verdict(beryl_clear['keysCommands'] == 0 and r < 2)} |")
    else:
        w("| Clear: no `KEYS`; p99 of concurrent GETs during a clear < 2× without | not measured | **not met** |")
    if "constant" in http and "beryl-memory" in http and http["constant"][0]:
        r = ratio(http["beryl-memory"][0], http["constant"][0])
        w(f"| HTTP memory hit ≥ 0.9× the constant endpoint's requests/s | {fmt(r)} | {verdict(r >= 0.9)} |")
    else:
        w("| HTTP memory hit ≥ 0.9× the constant endpoint's requests/s | not measured (no wrk) | **not met** |")
    w("")

    w("## 1. Hit path, in memory")
    w("")
    w("One call that the cache answers, ns/op (lower is better) and bytes allocated per call. `direct`, "
      "`mapDecorator` (a hand-written `ConcurrentHashMap` decorator) and `caffeine` (`getIfPresent` on a key made "
      "beforehand) are the limits; `aopPassThrough` is the same class behind a Spring AOP proxy whose one "
      "interceptor only proceeds: what any annotation-driven cache on Spring AOP pays before doing anything. "
      "`jetcache` is JetCache's `@Cached` (LOCAL, Caffeine, `@EnableMethodCache`; JetCache 2.7.7 is built for "
      "Spring 6.0 and ran unchanged on this Spring 7); `jetcacheApi` is JetCache's programmatic "
      "`computeIfAbsent` with a list of the arguments as key, without a proxy.")
    w("")
    hit_impls = ["direct", "mapDecorator", "caffeine", "aopPassThrough", "beryl", "berylMetrics",
                 "springConcurrentMap", "springCaffeine", "jetcache", "jetcacheApi"]
    path_tables(w, hit, hit_impls)
    one = find(hit, impl="beryl", shape="oneArg")
    aop = find(hit, impl="aopPassThrough", shape="oneArg")
    caf = find(hit, impl="caffeine", shape="oneArg")
    part = find(keys, shape="oneArg", method="berylDefault")
    above = (one[0] - aop[0] - caf[0]) if one and aop and caf else None
    fixed = find(store1, impl="caffeineFixed", method="read", **SAME)
    variable = find(store1, impl="caffeineVariable", method="read", **SAME)
    fixed_var = (fixed[0], variable[0]) if fixed and variable else None
    extra_bytes = (one[3] - aop[3]) if one and aop and one[3] is not None and aop[3] is not None else None
    w("Where a Beryl hit's time goes, one `long` argument: the Spring AOP proxy and its `MethodInvocation` (the "
      "`aopPassThrough` row: the argument array and the invocation object) and Caffeine's read (`caffeine`) are "
      f"the floor; Beryl spends {fmt(above)} ns and {fmt(extra_bytes)} B above it. The key is not made as text: "
      "the in-memory store holds a key of one integral number (`beryl:one:42`) as its namespace and the number "
      "(`NumberKey`: a 32-byte object hashed from the namespace string's cached hash and the number, which the JIT "
      "may keep off the heap only where it inlines Caffeine's whole read: the B/op above say whether it did), and "
      "turns every other way of naming that key "
      "(its text through the `CacheBackend` SPI, the programmatic API, invalidations and puts) into the same form, "
      "so that they all meet one entry. Making the text cost, in the last full run before that change, 44 B a hit on "
      "one key and 56 B over 1,024 keys (116 B and 149 B), the time to render it (the part alone: "
      f"{fmt(part[0]) if part else 'n/a'} ns in group 3) and to hash it, and 48 B per entry (245 B, group 10). "
      "Nor does Caffeine keep the ttls: the store gives each entry its own ttl (every `@Cached` method its own, "
      "in one bounded store), which Caffeine's per-entry expiry would keep by moving every entry read in its timer "
      "wheel (read throughput "
      f"{fmt(ratio(fixed_var[1], fixed_var[0])) if fixed_var else 'n/a'}× a fixed expiry's over group 4's Zipf keys, "
      "and much less over keys read in turn: the layer table below). The store keeps each entry's expiry time "
      "beside its value instead, checks it on each read, and sweeps the expired entries that nobody reads. Nor does "
      "a read of an entry far from its expiry read the clock: `System.nanoTime()` costs 20–25 ns on this virtual "
      "machine and waits for the loads before it, and a hit that read it ran about 40 ns slower (one key, "
      "2026-11-28). It compares the expiry with a reading that one daemon thread refreshes every 10 ms instead, and "
      "reads the clock only in an entry's last 100 ms; the floor's `caffeine`, with `expireAfterWrite`, reads it "
      "on every read, which is why Beryl's hit can cost less than the floor. What is left is taken apart "
      "layer by layer below (over 1,024 keys): the key object and the expiry check; the hit counter, an "
      "uncontended `LongAdder` add that the metrics, the Actuator endpoint and `Cache-Status` read; finding the "
      "method's plan (an identity lookup by `Method`, then the target class); and the engine's checks before the "
      "in-memory fast path, which returns the entry's prebuilt `CacheLookup`.")
    w("")
    floors = []
    for shape in SHAPES:
        aop = find(hit, impl="aopPassThrough", shape=shape)
        caf = find(hit, impl="caffeine", shape=shape)
        spr = find(hit, impl="springCaffeine", shape=shape)
        ber = find(hit, impl="beryl", shape=shape)
        if aop and caf and spr and ber:
            floors.append(f"{shape}: floor {fmt(aop[0] + caf[0])} ns = {fmt(ratio(aop[0] + caf[0], spr[0]))}× "
                          f"Spring + Caffeine; Beryl spends {fmt(ber[0] - aop[0] - caf[0])} ns above it")
    if floors:
        w("Floor (`aopPassThrough` + `caffeine`) per shape: " + "; ".join(floors) + ".")
        w("")

    if roundrobin:
        w("### Over 1,024 keys, round robin")
        w("")
        w("The same one-`long` method called with 1,024 distinct ids in turn, all hits once the first round has "
          "stored them: each call builds another key and reads another entry, as under real traffic. `caffeine` "
          "reads a key made beforehand, so `aopPassThrough` + `caffeine` is again the floor.")
        w("")
        path_tables(w, roundrobin, ["caffeine", "aopPassThrough", "beryl", "springCaffeine"])

    if layers:
        w("### Layer by layer, over 1,024 keys")
        w("")
        w("`HitLayersBenchmark` reads the same 1,024 keys round robin, one layer at a time: Caffeine alone with one "
          "fixed `expireAfterWrite` and with a per-entry expiry (`Long` keys, as Spring keys a one-argument method), "
          "Beryl's store read with a key of one number (`store`: `getSync(NumberKey)`, a Caffeine read without "
          "expiry and the entry's expiry time checked), the engine's call over it "
          "(`engine`: the hit counter and its checks), and the engine's call with the key as text (`engineText`: "
          "how every hit looked before keys of one number were held as numbers). The `beryl` row above adds the "
          "Spring AOP proxy and the starter's plan to `engine`.")
        w("")
        w("| layer | ns/op | B/op |")
        w("|---|---|---|")
        for method in ["caffeineFixed", "caffeineVariable", "store", "engine", "engineText"]:
            found = find(layers, method=method)
            if found:
                w(f"| {method} | {fmt(found[0])} ± {fmt(found[1])} | {fmt(found[3])} |")
        w("")
        fixed_layer = find(layers, method="caffeineFixed")
        variable_layer = find(layers, method="caffeineVariable")
        text_layer = find(layers, method="engineText")
        engine_layer = find(layers, method="engine")
        if fixed_layer and variable_layer and text_layer and engine_layer:
            w(f"Caffeine's per-entry expiry alone costs {fmt(variable_layer[0] - fixed_layer[0])} ns a read here: "
              "Caffeine moves each entry it reads in its timer wheel when it drains the read buffer, and over 1,024 "
              "entries that touches another wheel bucket and its neighbours on almost every read, where the fixed "
              "expiry only reorders a queue. Beryl's store does not pay it: it keeps each entry's expiry time "
              f"itself, and reads in {fmt(find(layers, method='store')[0]) if find(layers, method='store') else 'n/a'}"
              " ns with its key object and expiry check. The key as text cost "
              f"{fmt(text_layer[0] - engine_layer[0])} ns and {fmt(text_layer[3] - engine_layer[3])} B more than "
              "the key as a number.")
            w("")

    w("## 2. Miss and store")
    w("")
    w("Every call has new arguments: the key is built, the cache misses, the method runs and its result is "
      "stored. The bounded caches (Caffeine, Beryl, JetCache: 10,000 entries) evict as they go; the unbounded maps "
      "(`mapDecorator`, Spring's `ConcurrentMapCacheManager`) are emptied between iterations so that they cannot "
      "fill the heap. `caffeine` here is a read, then a write, with the decorator's key. Beryl's miss runs its "
      "single flight (a claim on the key, a second look, the load, the store, the release) and, for the `dto` "
      "shape, digests each new record (SHA-256 of its canonical JSON).")
    w("")
    path_tables(w, miss, hit_impls)

    w("## 3. Key building")
    w("")
    w("ns/op and B/op of making the key of one call. Beryl's default key is readable text (`42`, "
      "`\"trail shoes\"`) or a SHA-256 digest of canonical JSON for records; Spring's `SimpleKeyGenerator` wraps "
      "the arguments in an object; the SpEL row evaluates an expression the way both libraries do. Beryl's row is "
      "the public `KeyParts.ofArguments` that key generators call, which keeps no memo, so its `dto` row digests "
      "the record on every call; cached methods render with the application's renderer, whose memo digests a "
      "repeated record once (the `dto` row of group 1).")
    w("")
    w("| shape | Beryl default | Spring SimpleKeyGenerator | SpEL |")
    w("|---|---|---|---|")
    for shape in ["oneArg", "threeArgs", "dto"]:
        cells = []
        for method in ["berylDefault", "springSimpleKey", "spelKey"]:
            r = find(keys, shape=shape, method=method)
            cells.append(f"{fmt(r[0], r[1])} ns, {fmt(r[3])} B" if r else "n/a")
        w(f"| {shape} | " + " | ".join(cells) + " |")
    w("")

    w("## 4. In-memory store")
    w("")
    w("Operations per microsecond (higher is better), Zipf-distributed keys over twice the bound. Every key is "
      "given as text (`beryl:products:{i}`, made before the run), through `getSync(String, Type)` and "
      "`setSync`: Beryl's store turns each into its canonical form, a `NumberKey` read from the text (its hash "
      "derived from the string's own), before Caffeine looks it up; Caffeine and the map here key the strings "
      "themselves. `same` gives the very string instances the store was filled with, which a map of strings "
      "matches by identity, without reading a char; `copies` gives equal strings with chars of their own (hashes "
      "cached), as a caller that builds its key again gives.")
    w("")
    w("| implementation | keys | read, 1 thread | read/write 75/25, 1 thread | read, 2 threads | read/write, 2 threads |")
    w("|---|---|---|---|---|---|")
    for impl in ["beryl", "caffeineFixed", "caffeineVariable", "concurrentHashMap"]:
        for lookups in ["same", "copies"]:
            cells = []
            for table in (store1, store2):
                for method in ("read", "readWrite"):
                    r = find(table, impl=impl, method=method, lookups=lookups)
                    cells.append(fmt(r[0], r[1]) if r else "n/a")
            w(f"| {impl} | {lookups} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} |")
    w("")
    ratios = {}
    for lookups in ["same", "copies"]:
        for method in ("read", "readWrite"):
            b = find(store1, impl="beryl", method=method, lookups=lookups)
            c = find(store1, impl="caffeineFixed", method=method, lookups=lookups)
            ratios[(lookups, method)] = fmt(ratio(b[0], c[0])) if b and c else "n/a"
    w("Against raw Caffeine (one thread): reads by the same strings "
      f"{ratios[('same', 'read')]}×, by copies {ratios[('copies', 'read')]}×; 75/25 by the same strings "
      f"{ratios[('same', 'readWrite')]}×, by copies {ratios[('copies', 'readWrite')]}×. Before keys of one number "
      "were held as numbers, reads by the same strings ran at 0.91× raw Caffeine and read/write at 0.77×. The "
      "target of 0.7× is not met on this path; 4b below shows where the time goes and why it stays.")
    w("")
    if keytext:
        w("### 4b. Where a read by text goes")
        w("")
        w("`KeyTextBenchmark` reads group 4's keys in the same Zipf order (one thread), one layer at a time, in "
          "ns per read (lower is better): Caffeine holding the strings, read by them (`caffeineByText`); Caffeine "
          "holding the keys as Beryl's store holds them, `NumberKey`s, read by keys made before the run "
          "(`caffeineNumberKeys`) and by keys read from the text on each read "
          "(`caffeineNumberKeysReadFromText`); reading the key from its text alone (`readKey`: "
          "`NumberKey.canonical`), and the JDK's `Long.parseLong` of its digits alone (`jdkParseLong`); and "
          "Beryl's store read by text (`store`: `getSync(String, Type)`). Both Caffeine caches run their upkeep "
          "on the reading thread, as the store does.")
        w("")
        w("| layer | ns/op | B/op |")
        w("|---|---|---|")
        layer_names = ["caffeineByText", "caffeineNumberKeys", "caffeineNumberKeysReadFromText", "readKey",
                       "jdkParseLong", "store"]
        for method in layer_names:
            found = find(keytext, method=method)
            if found:
                w(f"| {method} | {fmt(found[0])} ± {fmt(found[1])} | {fmt(found[3])} |")
        w("")
        by = {method: find(keytext, method=method) for method in layer_names}
        text_layer = find(layers, method="engineText")
        number_layer = find(layers, method="engine")
        if all(by.values()):
            w(f"Caffeine finds the keys held as numbers as fast as it finds the strings ("
              f"{fmt(by['caffeineNumberKeys'][0])} against {fmt(by['caffeineByText'][0])} ns): holding a key as a "
              f"number costs a read nothing. Reading the key from its text does: {fmt(by['readKey'][0])} ns alone, "
              f"of which the JDK's own parse of the same digits takes {fmt(by['jdkParseLong'][0])} ns, and it is "
              f"what separates the two reads by text ({fmt(by['caffeineNumberKeysReadFromText'][0])} against "
              f"{fmt(by['caffeineByText'][0])} ns). Digits of varying length make the scan's branches hard to "
              "predict, which is why a parse costs more here than over a few keys. Beryl's store, which also checks "
              f"each entry's expiry time, reads by text in {fmt(by['store'][0])} ns. So a store that holds keys of "
              "one number as numbers pays a parse on every read by text, and the JDK's parse alone costs "
              f"{fmt(ratio(by['jdkParseLong'][0], by['caffeineByText'][0]))}× a whole Caffeine read: a Caffeine "
              "read plus a parse as fast as the JDK's would run at "
              f"{fmt(by['caffeineByText'][0] / (by['caffeineByText'][0] + by['jdkParseLong'][0]))}× Caffeine, so "
              "0.7× is out of reach on this path. Each way around it fails a target that weighs more. Keeping each key's text "
              "beside its number costs the text's bytes on every entry (245 B an entry, 1.35× Spring + Caffeine, in "
              "the last run before keys were held as numbers: group 10's target is 1.2×). Hashing keys by their "
              "text instead would spare the parse, but a hit by number would then render its digits to hash them, "
              "and a read by text would still compare its digits with the number. Holding keys as text makes every "
              "hit build and hash its text: group 1's `engineText` layer costs "
              + (f"{fmt(text_layer[0] - number_layer[0])} ns" if text_layer and number_layer else "n/a")
              + " more than `engine`, where the floor target leaves 20 ns. A cached method keyed by one integral "
              "argument (by default, or with `key = \"#id\"`) and without a stale window never reads its key from "
              "text; reads by text come from keys that other expressions and key generators build, from methods "
              "with a stale window, from the programmatic API and from callers of the `CacheBackend` SPI.")
            w("")

    w("## 5. Codec")
    w("")
    w("One encode and one decode, ns/op, and the encoded size. Spring Data's serializer runs with default typing "
      "and its null value, as a typed Redis cache needs it. \"fails\" means the codec threw: JDK serialization "
      "cannot write a `ResponseEntity` (not `Serializable`); in this run Spring Data's serializer could not read "
      "back a list of records (it expected a type id where its own output had an object) nor construct a "
      "`ResponseEntity` (no creator). See `benchmarks/target/results/codec.log`.")
    w("")
    w("| value | Beryl JSON | Spring Data `GenericJacksonJsonRedisSerializer` | JDK serialization |")
    w("|---|---|---|---|")
    for value in ["dto", "list100", "responseEntity"]:
        cells = []
        for name in ["beryl", "springDataJson", "jdk"]:
            r = find(codec, codec=name, value=value)
            size = next((s["bytes"] for s in sizes if s["codec"] == name and s["value"] == value), None)
            cells.append((f"{fmt(r[0], r[1])} ns" if r else "fails") + (f", {size} B" if size else ""))
        w(f"| {value} | " + " | ".join(cells) + " |")
    w("")

    w("## 6. Hit path, Redis")
    w("")
    w("Calls per millisecond (higher is better) against a local `redis-server` pinned to another core. Raw "
      "Lettuce (a synchronous `GET` and a typed decode, no cache around it) is the most any cache on Lettuce can "
      "do, so \"raw × Spring\" is the highest ratio to Spring that any such cache could reach here. Every trial "
      "warms up for 20 s first: at these rates the code of Lettuce, Netty and each cache takes 10 to 25 s to be "
      "compiled on the JVM's one core, and Spring's, with more code, climbs longest (runs before 2026-11-28 "
      "measured during that climb, which made these rows swing and flattered Beryl against Spring).")
    w("")
    w("| value size | threads | raw Lettuce GET + decode | Beryl | Spring `RedisCacheManager` | Beryl × raw | "
      "Beryl × Spring | raw × Spring |")
    w("|---|---|---|---|---|---|---|---|")
    for threads, table in (("1", redis1), ("16", redis16)):
        for size in ["100", "1024", "32768"]:
            raw = find(table, impl="lettuceRaw", size=size)
            b = find(table, impl="beryl", size=size)
            s = find(table, impl="springRedis", size=size)
            w(f"| {size} B | {threads} | {fmt(raw[0], raw[1]) if raw else 'n/a'} | "
              f"{fmt(b[0], b[1]) if b else 'n/a'} | {fmt(s[0], s[1]) if s else 'n/a'} | "
              f"{fmt(ratio(b[0] if b else None, raw[0] if raw else None))} | "
              f"{fmt(ratio(b[0] if b else None, s[0] if s else None))} | "
              f"{fmt(ratio(raw[0] if raw else None, s[0] if s else None))} |")
    w("")

    if compression:
        w("Compression (`beryl.cache.redis.compression.enabled=true`, threshold 4 KB), 32 KiB values, 1 thread: "
          "the padded value is one repeated letter, which DEFLATE shrinks about 300 times, so the row measures the "
          "cost of inflating on every hit with almost nothing on the wire, not the saving on real JSON.")
        w("")
        w("| implementation | calls/ms |")
        w("|---|---|")
        for impl in ["beryl", "berylCompressed"]:
            r = find(compression, impl=impl, size="32768")
            if r:
                w(f"| {impl} | {fmt(r[0], r[1])} |")
        w("")

    if async_rows:
        w("## 6b. Asynchronous methods")
        w("")
        w("A method that returns `CompletableFuture<Product>` (`future`) or `Mono<Product>` (`mono`), cached by "
          "Beryl's `@Cached` and by Spring's `@Cacheable` (Caffeine in asynchronous mode, or `RedisCacheManager`), "
          "each call waited for with `join()` or `block()`. `hit`: 1,024 keys round robin; `miss`: a new key "
          "every call, stored. ns/op (lower is better) and B/op. The Redis rows warm up for 20 s, as in group 6.")
        w("")
        w("| backend | shape | Beryl hit | Spring hit | Beryl miss | Spring miss | hit × Spring | miss × Spring |")
        w("|---|---|---|---|---|---|---|---|")
        for backend in ["memory", "redis"]:
            for shape in ["future", "mono"]:
                cells, times = [], {}
                for bench in ["hit", "miss"]:
                    for impl in ["beryl", "spring"]:
                        r = find(async_rows, impl=impl, shape=shape, backend=backend, method=bench)
                        times[(bench, impl)] = r[0] if r else None
                        cells.append(f"{fmt(r[0], r[1])} ns, {fmt(r[3])} B" if r else "n/a")
                w(f"| {backend} | {shape} | " + " | ".join(cells) + f" | "
                  f"{fmt(ratio(times[('hit', 'beryl')], times[('hit', 'spring')]))} | "
                  f"{fmt(ratio(times[('miss', 'beryl')], times[('miss', 'spring')]))} |")
        w("")

    if redis_layers:
        w("## 6c. Where a Redis hit's time goes")
        w("")
        w("`RedisLayersBenchmark`, 16 callers, 100 B values, one layer at a time, with group 6's warm-up: raw Lettuce "
          "`GET` and typed decode (`lettuceRaw`); Beryl's `RedisCacheBackend` read directly (`backend`: the circuit "
          "breaker, the deadline, the codec); the engine's call over it (`engine`: the key's text, the budget, the "
          "counters); the whole `@Cached` call through the Spring proxy (`beryl`). Calls per millisecond (higher is "
          "better), and µs per call on the JVM's one core (16 callers share it, so one call's CPU time is about "
          "1,000 / calls per ms).")
        w("")
        w("| layer | calls/ms | µs per call | × raw |")
        w("|---|---|---|---|")
        raw = find(redis_layers, layer="lettuceRaw")
        for layer in ["lettuceRaw", "backend", "engine", "beryl"]:
            r = find(redis_layers, layer=layer)
            if r:
                w(f"| {layer} | {fmt(r[0], r[1])} | {fmt(1000 / r[0])} | {fmt(ratio(r[0], raw[0] if raw else None))} |")
        w("")

    w("## 7. Stampede")
    w("")
    w("64 threads miss at once with a 20 ms loader; the worst of five rounds.")
    w("")
    w("| implementation | keys | loader calls (expected) | all answered after |")
    w("|---|---|---|---|")
    for row in stampede:
        w(f"| {row['impl']} | {row['keys']} | {row['loaderCalls']} ({row['expectedLoaderCalls']}) | "
          f"{row['worstMillis']} ms |")
    w("")
    if fleet:
        loader = fleet[0]["loaderMillis"]
        w("### Two instances on one Redis")
        w("")
        w(f"Two application contexts with Beryl's auto-configuration on one Redis "
          f"(`beryl.cache.default-backend=redis`), in one JVM pinned to the other core than Redis, each with the "
          f"same method in front of a {loader} ms loader, cached with `singleFlight = LOCAL` and with `GLOBAL`. "
          f"{fleet[0]['callers']} cold calls start at once, half on each instance: on one key, or on "
          f"{max(row['keys'] for row in fleet)} keys each called once on each instance (so that with `GLOBAL` every "
          "caller of the instance that does not load waits on Redis by itself, none behind another caller in "
          f"memory). Three warm-up rounds, then {fleet[0]['rounds']} rounds, each on fresh keys and running the "
          "four cases in turn, so that a noisy moment of the machine does not fall on one case alone. Loader calls "
          "per key are the fewest and the most over those rounds' keys; \"first load\" is when the first loader "
          "call started; \"all answered\" is the median and the worst round. Waiters are the calls that did not "
          "run the loader; those of the other instance (the one that did not load the key) poll Redis with "
          "`GLOBAL` (after 5 ms, doubling to 100 ms), and \"after the load\" is how long after the end of the load "
          "they had its value. Latencies are p50 / max over all rounds, from the moment the calls were let go. "
          "Redis commands are what `INFO stats` counted in a round, commands run by Lua scripts included.")
        w("")
        w("| single flight | keys | loader calls per key (expected) | first load | all answered | waiters | "
          "waiters, other instance | other instance, after the load | Redis commands per round |")
        w("|---|---|---|---|---|---|---|---|---|")
        for row in fleet:
            calls = (str(row["loadsPerKeyMin"]) if row["loadsPerKeyMin"] == row["loadsPerKeyMax"] else
                     f"{row['loadsPerKeyMin']}–{row['loadsPerKeyMax']}")

            def pair(p50, most):
                return "–" if row[p50] is None else f"{row[p50]:,.1f} / {row[most]:,.1f} ms"
            w(f"| `{row['singleFlight']}` | {row['keys']} | {calls} ({row['expectedLoadsPerKey']}) | "
              f"{millis(row['firstLoadStartedMedianMillis'])} | "
              f"{row['allAnsweredMedianMillis']:,.1f} / {row['allAnsweredWorstMillis']:,.1f} ms | "
              f"{pair('waiterP50Millis', 'waiterMaxMillis')} | "
              f"{pair('otherInstanceWaiterP50Millis', 'otherInstanceWaiterMaxMillis')} | "
              f"{pair('otherInstanceAfterLoadP50Millis', 'otherInstanceAfterLoadMaxMillis')} | "
              f"{row['redisCommandsPerRound']:,.0f} |")
        w("")
        by_case = {(r["singleFlight"], r["keys"]): r for r in fleet}
        many = max(r["keys"] for r in fleet)
        l1, l_many = by_case.get(("LOCAL", 1)), by_case.get(("LOCAL", many))
        g1, g_many = by_case.get(("GLOBAL", 1)), by_case.get(("GLOBAL", many))
        if l1 and l_many and g1 and g_many and l1["waiterAfterLoadP50Millis"] is not None \
                and g1["otherInstanceAfterLoadP50Millis"] is not None \
                and g_many["otherInstanceAfterLoadP50Millis"] is not None:
            w(f"`GLOBAL` loads once instead of once per instance, and costs time: all {g1['callers']} callers have "
              f"their answer after {g1['allAnsweredMedianMillis']:,.1f} ms (median round) on one key, against "
              f"{l1['allAnsweredMedianMillis']:,.1f} ms with `LOCAL`, and after "
              f"{g_many['allAnsweredMedianMillis']:,.1f} against {l_many['allAnsweredMedianMillis']:,.1f} ms on "
              f"{many} keys. Waiters in the instance that loads have the value "
              f"{l1['waiterAfterLoadP50Millis']:,.1f} ms (p50) after the load ends (`LOCAL`, one key); those of "
              f"the other instance under `GLOBAL`, {g1['otherInstanceAfterLoadP50Millis']:,.1f} ms "
              f"(p50; at most {g1['otherInstanceAfterLoadMaxMillis']:,.1f}) on one key and "
              f"{g_many['otherInstanceAfterLoadP50Millis']:,.1f} ms (at most "
              f"{g_many['otherInstanceAfterLoadMaxMillis']:,.1f}) on {many} keys. They see the value at their next "
              f"poll; the pause before a poll is a quarter of the time waited so far (2 to 25 ms), so after a "
              f"{loader} ms load the next poll comes within about {loader / 4:,.1f} ms, plus the round trip and "
              f"the scheduling of a busy machine. (With the pause doubling from 5 ms, "
              f"measured first, those waiters were 32.8 ms behind on one key.) The price is Redis commands: each "
              f"waiting instance polls every key it waits for.")
            w("")
    w("## 8. Clear under load")
    w("")
    w("Redis holds 100,000 unrelated keys; four readers `GET` them throughout, while the 1,000 keys of one cache are "
      "written and then cleared, again and again. The baseline writes the same keys and clears nothing. `KEYS` "
      "counts the commands seen in `INFO commandstats`.")
    w("")
    w("| case | GETs measured | p50 | p99 | max | `KEYS` sent | p99 × baseline |")
    w("|---|---|---|---|---|---|---|")
    for row in clear:
        w(f"| {row['case']} | {row['gets']:,} | {row['p50Micros']} µs | {row['p99Micros']} µs | "
          f"{row['maxMicros']} µs | {row['keysCommands']} | "
          f"{fmt(ratio(row['p99Micros'], base['p99Micros'] if base else None))} |")
    w("")
    w("## 9. HTTP end to end")
    w("")
    if http:
        w("One application, four endpoints returning the same small record, `wrk -t1 -c16` on loopback (wrk pinned "
          "to the other core than the application where there are two): two warm-up passes over every endpoint, "
          "then two measured passes in turn, keeping each endpoint's better one. With one core for the "
          "application, Tomcat's own work dominates, so the four are close.")
        w("")
        w("| endpoint | requests/s | p99 | × constant |")
        w("|---|---|---|---|")
        for name, label in [("constant", "uncached constant (limit)"), ("beryl-memory", "Beryl, memory hit"),
                            ("beryl-redis", "Beryl, Redis hit"), ("spring", "Spring `@Cacheable` + Caffeine hit")]:
            if name in http:
                rps, p99 = http[name]
                w(f"| {label} | {fmt(rps)} | {fmt(p99)} ms | "
                  f"{fmt(ratio(rps, http['constant'][0] if 'constant' in http else None))} |")
    else:
        w("Not measured: `wrk` was not installed.")
    w("")
    if expiry:
        seconds = max(figures["seconds"] for _, _, _, figures, _ in expiry)
        w("## 9b. Expiry under load")
        w("")
        w(f"One hot key of a method that takes {EXPIRY_METHOD_MILLIS} ms, cached in memory with `ttl = \"1s\"`, "
          "alone (`plain`) and with `staleWhileRevalidate = \"30s\"` (`stale`), in the application of group 9; "
          f"`wrk -t1 -c16 -d{seconds:.0f}s --latency` on loopback against each (wrk pinned to the other core than "
          "the application): one warm-up pass each, then two measured passes in turn, every pass shown. Without the "
          f"window the key expires about every {1 + EXPIRY_METHOD_MILLIS / 1000:.1f} s (the ttl, then the load), "
          f"and the requests of the next {EXPIRY_METHOD_MILLIS} ms wait for its one load (single flight); with it, "
          "a request after the ttl gets the stale value at once and one refresh runs in the background. The memory "
          "hit of group 9 (`ttl = \"10m\"`, never expiring here), measured in the same passes, is the control: "
          "what the shared machine alone does to the tail. wrk "
          "corrects its latencies for coordinated omission (a response later than twice a connection's mean "
          "interval adds the samples of the requests the connection would have sent meanwhile), so the percentiles "
          "and the share of latencies ≥ 100 ms count a stall as users who kept arriving would meet it; requests/s "
          "counts real responses. Method runs: how often the method ran during the pass, loads without the window "
          "and background refreshes with it.")
        w("")
        w("| endpoint | pass | requests/s | p50 | p99 | p99.9 | max | latencies ≥ 100 ms | method runs |")
        w("|---|---|---|---|---|---|---|---|---|")
        for variant, label in [("plain", "`ttl = \"1s\"`"),
                               ("stale", "`ttl = \"1s\", staleWhileRevalidate = \"30s\"`"),
                               ("hit", "control: memory hit, `ttl = \"10m\"`")]:
            for v, n, rps, f, runs in expiry:
                if v != variant:
                    continue
                share = 100.0 * f["slow"] / f["samples"] if f["samples"] else None
                w(f"| {label} | {n} | {fmt(rps)} | {fmt(f['p50_us'] / 1000)} ms | {fmt(f['p99_us'] / 1000)} ms | "
                  f"{fmt(f['p999_us'] / 1000)} ms | {fmt(f['max_us'] / 1000)} ms | "
                  f"{'n/a' if share is None else f'{share:.2f}%'} | {'–' if runs is None else runs} |")
        w("")

        def p99s(variant):
            values = sorted(f["p99_us"] / 1000 for v, _, _, f, _ in expiry if v == variant)
            return (f"{fmt(values[0])}–{fmt(values[-1])} ms" if len(values) > 1 else f"{fmt(values[0])} ms") \
                if values else None
        shares = [100.0 * f["slow"] / f["samples"] for v, _, _, f, _ in expiry if v == "plain" and f["samples"]]
        if p99s("plain") and p99s("stale") and shares:
            w(f"Without the window, the key is loading for {EXPIRY_METHOD_MILLIS} ms of every "
              f"{(1000 + EXPIRY_METHOD_MILLIS) / 1000:.1f} s (a sixth of the time), and a request that arrives "
              f"then waits for the rest of the load: {min(shares):.1f}–{max(shares):.1f}% of the latencies are "
              "100 ms or more, and "
              f"p99 ({p99s('plain')}) is close to the method's time. With `staleWhileRevalidate`, p99 is "
              f"{p99s('stale')}" + (f", the control's {p99s('hit')}" if p99s("hit") else "") + ".")
            w("")
    if heap:
        w("## 10. Heap per cached entry")
        w("")
        w("200,000 distinct `long` ids cached with small string values (`product-{id}`) through the annotated "
          "method, every store bounded to 250,000 entries so that none evicts; the used heap after full "
          "collections (serial collector), before and after the fill, each implementation in a JVM of its own. "
          "`caffeine` is Caffeine alone with Spring's policy and `Long` keys; `caffeineStringKeys` is Caffeine "
          "holding the text of Beryl's keys (`beryl:Products.name:{id}`) with per-entry expiry and the value itself: "
          "what an entry would cost if the store kept its key as a string. Beryl's store keeps a key of one number "
          "as the shared namespace, its length, the number and a hash (32 B), and each entry's value in a prebuilt "
          "`CacheLookup` (16 B) that a hit hands out without allocating, with its expiry time in a holder of 24 B; "
          "Caffeine's node then carries no expiry fields. Target: Beryl ≤ 1.2× Spring + Caffeine.")
        w("")
        w("| implementation | bytes per entry | × Spring + Caffeine |")
        w("|---|---|---|")
        for impl in ["beryl", "springCaffeine", "caffeine", "caffeineStringKeys"]:
            if impl in heap:
                w(f"| {impl} | {fmt(heap[impl])} | {fmt(ratio(heap[impl], heap.get('springCaffeine')))} |")
        w("")
    if only:
        load_note = ""
        try:
            average = open(os.path.join(results_dir, "loadavg.txt")).read().split()[0]
            load_note = f"; the 1-minute load average was {average} on these {cores} cores when it started"
        except (OSError, IndexError):
            pass
        note = (f"*Measured on {datetime.date.today().isoformat()} by `benchmarks/run.sh"
                f"{' --quick' if mode == 'quick' else ''} --only {','.join(only)}`, apart from the rest of this "
                f"page{load_note}.*")
        out = merge(output, out, only, note)
    with open(output, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
