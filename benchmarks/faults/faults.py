#!/usr/bin/env python3
"""The fault runs of benchmarks/faults.sh: starts its own redis-server and the example application, loads them with
wrk, injects one fault at a time, checks every answer of a second client against the repository's truth, and writes
the figures as JSON for report.py.

Usage: faults.py OUT_DIR CLASSPATH

Two applications, one after the other, both the example catalogue (dev.beryl.cache.examples):
  redis    on its own redis-server (profile redis); faults: Redis killed and restarted, stopped (SIGSTOP) and
           continued, slowed by back-to-back DEBUG SLEEP, paused by CLIENT PAUSE
  custom   with the benchmarks' FaultInjection as an extra source and faultyBackend as the default backend;
           faults: every backend operation slow (1 s), every backend operation hanging
Both have the benchmarks' CacheProbe as an extra source, which tells whether a key was answered from the cache.
Each fault lasts FAULT_S seconds while wrk runs (hits, misses, absent products); then wrk runs again for AFTER_S
seconds while a probe measures when caching resumes. Every process started here is stopped on exit, a stopped
Redis is continued first; the pid of each is also written to OUT_DIR/pids for faults.sh's trap.
"""
import atexit
import http.client
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import threading
import time

FAULT_S = 5.0          # how long each fault lasts
GRACE_S = 1.0          # wrk's "during" segment goes on this long after the fault ends, so calls begun in it count
AFTER_S = 8.0          # the segment after the fault
BASELINE_S = 6.0       # the segment without a fault
WARMUP_S = 15.0        # load before the first measured segment of each application (JIT), not reported
PROBE_LIMIT_S = 20.0   # how long after a fault ends the probe waits for caching to resume
TIMEOUT_MS = 250       # beryl.cache.redis.timeout and beryl.cache.timeout
METHOD_MS = 20         # catalogue.latency: every repository call sleeps this long
MARGIN_MS = 100        # what the bound allows beyond timeout + method time, for HTTP, JSON and a shared machine
CLIENT_TIMEOUT_S = 5.0 # the checker's and probe's HTTP timeout: an answer later than this counts as failed
APP_START_S = 180      # the longest an application may take to answer (2 busy cores can be slow)
DEBUG_SLEEP_S = 0.5    # each DEBUG SLEEP of the "Redis slow" fault: twice the timeout
WRITE_EVERY_S = 2.0    # the writer renames product 6 this often, and reads what shows it in between

# wrk classes: connections and each connection's pause between requests (ms), so the load does not depend on latency.
# Each wrk sends for a segment's seconds, then runs 1 s more without sending: a request unanswered when it stops
# has waited at least 1 s, far beyond the bound, and counts as failed.
LOAD = {"hits": (8, 5), "misses": (4, 10), "absent": (2, 20)}

HERE = os.path.dirname(os.path.abspath(__file__))

# The repository's data (examples/src/main/java/dev/beryl/cache/examples/ProductRepository.java). Product 6 is the
# one the writer renames; it is read only by the writer.
PRODUCTS = {
    1: ("Trail running shoes", "shoes", 12_900), 2: ("Leather boots", "shoes", 18_500),
    3: ("Rain jacket", "jackets", 9_900), 4: ("Down jacket", "jackets", 24_900),
    5: ("Wool socks", "accessories", 1_500), 6: ("Hiking backpack", "bags", 8_900),
    7: ("Water bottle", "bags", 1_900),
}


def product(pid, name=None):
    n, c, p = PRODUCTS[pid]
    return {"id": pid, "name": name or n, "category": c, "priceCents": p}


def reviews(pid):
    return [{"productId": pid, "stars": 5, "text": "Exactly as described"},
            {"productId": pid, "stars": 4, "text": "Runs small"}]


# What the reader asks, in turn, and the only right answers (status, body).
READS = [(f"/products/{i}", 200, product(i)) for i in range(1, 6)] + [
    ("/products/424242", 404, None),
    ("/products?category=shoes", 200, [product(1), product(2)]),
    ("/products?category=jackets", 200, [product(3), product(4)]),
    ("/search?q=jacket", 200, [product(3), product(4)]),
    ("/search?q=%20Jacket%20", 200, [product(3), product(4)]),
    ("/products/2/reviews", 200, reviews(2)),
    ("/products/2/availability", 200, {"productId": 2, "inStock": True}),
]


def backpack(version):
    return product(6, "Hiking backpack" if version == 0 else f"Hiking backpack v{version}")


# What the writer reads after each rename, as a function of the product's version.
WRITER_READS = [
    ("/products/6", lambda v: backpack(v)),
    ("/search?q=backpack", lambda v: [backpack(v)]),
    ("/products?category=bags", lambda v: [backpack(v), product(7)]),
]


def log(message):
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Processes:
    """Every process this run starts; stop_all continues and stops them, whatever happens."""

    def __init__(self, pid_dir):
        self.pid_dir = pid_dir
        self.running = {}
        os.makedirs(pid_dir, exist_ok=True)

    def start(self, name, argv, log_path, env=None, stdout=None):
        out = stdout if stdout is not None else open(log_path, "ab")
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT if stdout is None else None, env=env)
        self.running[name] = proc
        with open(os.path.join(self.pid_dir, name), "w") as f:
            f.write(str(proc.pid))
        return proc

    def stop(self, name, sig=signal.SIGTERM, wait=15):
        proc = self.running.pop(name, None)
        if proc is None:
            return
        if proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGCONT)
                os.kill(proc.pid, sig)
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        try:
            os.remove(os.path.join(self.pid_dir, name))
        except OSError:
            pass

    def stop_all(self):
        for name in list(self.running):
            self.stop(name, wait=5)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resp(*args):
    out = f"*{len(args)}\r\n"
    for a in args:
        a = str(a)
        out += f"${len(a.encode())}\r\n{a}\r\n"
    return out.encode()


def redis_command(port, *args, timeout=2.0):
    """One command on a new connection; the first line of the reply, or None if Redis did not answer in time."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(resp(*args))
            return s.makefile("rb").readline().decode().strip()
    except OSError:
        return None


def wait_for_redis(port, limit):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if redis_command(port, "PING", timeout=0.5) == "+PONG":
            return True
        time.sleep(0.02)
    return False


class Http:
    """A keep-alive HTTP/1.1 client; every call returns (status or None, body or None, error or None, t0, t1)."""

    def __init__(self, port, timeout=CLIENT_TIMEOUT_S):
        self.port, self.timeout, self.conn = port, timeout, None

    def call(self, method, path, body=None):
        t0 = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            headers = {"Content-Type": "application/json"} if body is not None else {}
            self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            r = self.conn.getresponse()
            data = r.read()
            return r.status, data, None, t0, time.monotonic()
        except (OSError, http.client.HTTPException) as ex:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            error = "timeout" if isinstance(ex, (socket.timeout, TimeoutError)) else type(ex).__name__
            return None, None, error, t0, time.monotonic()


def parse(data):
    try:
        return json.loads(data) if data else None
    except ValueError:
        return "<not json>"


class Checker:
    """Two threads that compare every answer with the truth: a reader of answers that never change, and a writer that
    renames product 6 every WRITE_EVERY_S and, in between, reads the three answers that show it. Each request becomes a
    record (start, end, who, path, outcome, detail); outcome is ok, failed (no answer in time, or an unexpected
    status), wrong (a body that is no version of the truth) or stale (the body of an older version, after the rename
    returned)."""

    def __init__(self, port):
        self.port = port
        self.records = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.read_loop, daemon=True),
                        threading.Thread(target=self.write_loop, daemon=True)]
        self.version = 0

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=CLIENT_TIMEOUT_S + 2)

    def record(self, t0, t1, who, path, outcome, detail=""):
        self.records.append((t0, t1, who, path, outcome, detail))

    def read_loop(self):
        client = Http(self.port)
        i = 0
        while not self.stopping.is_set():
            path, status, truth = READS[i % len(READS)]
            i += 1
            got, data, error, t0, t1 = client.call("GET", path)
            if got != status:
                self.record(t0, t1, "reader", path, "failed", error or f"status {got}")
            elif status == 200 and parse(data) != truth:
                self.record(t0, t1, "reader", path, "wrong", data.decode(errors="replace")[:200])
            else:
                self.record(t0, t1, "reader", path, "ok")
            time.sleep(0.02)

    def write_loop(self):
        client = Http(self.port)
        accepted = {0}   # the versions a read may show: the last one written, or two when a rename did not answer
        while not self.stopping.is_set():
            wanted = max(accepted) + 1
            update = {"name": backpack(wanted)["name"], "category": "bags", "priceCents": PRODUCTS[6][2]}
            got, data, error, t0, t1 = client.call("PUT", "/products/6", update)
            if got == 200 and parse(data) == backpack(wanted):
                accepted = {wanted}
                self.record(t0, t1, "writer", "PUT /products/6", "ok")
            else:
                # The rename may or may not have happened: both versions are right until the next one answers.
                accepted = {max(accepted), wanted}
                self.record(t0, t1, "writer", "PUT /products/6", "failed", error or f"status {got}")
            # Reading until the next rename shows entries that a load racing the invalidation stored, and entries that
            # a failed invalidation left behind for after the fault.
            next_rename = t1 + WRITE_EVERY_S
            while time.monotonic() < next_rename and not self.stopping.is_set():
                for path, truth in WRITER_READS:
                    got, data, error, t0, t1 = client.call("GET", path)
                    body = parse(data)
                    if got != 200:
                        self.record(t0, t1, "writer", path, "failed", error or f"status {got}")
                    elif any(body == truth(v) for v in accepted):
                        self.record(t0, t1, "writer", path, "ok")
                    elif any(body == truth(v) for v in range(0, min(accepted))):
                        self.record(t0, t1, "writer", path, "stale",
                                    " or ".join(f"v{v}" for v in sorted(accepted)) + " expected, got "
                                    + data.decode(errors="replace")[:160])
                    else:
                        self.record(t0, t1, "writer", path, "wrong", data.decode(errors="replace")[:200])
                time.sleep(0.05)

    def save(self, path):
        with open(path, "w") as f:
            for r in self.records:
                f.write(json.dumps(dict(zip(("start", "end", "who", "path", "outcome", "detail"), r))) + "\n")

    def summary(self, start, end):
        """Counts and latencies of the requests that started in [start, end)."""
        rows = [r for r in self.records if start <= r[0] < end]
        # A request that timed out has no latency: it is counted as no answer, and as failed.
        latencies = sorted(r[1] - r[0] for r in rows if r[5] != "timeout")
        out = {"requests": len(rows), "no_answer": sum(1 for r in rows if r[5] == "timeout"),
               "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
               "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
               "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1)
               if latencies else None}
        for outcome in ("failed", "wrong", "stale"):
            hits = [r for r in rows if r[4] == outcome]
            out[outcome] = len(hits)
            out[outcome + "_examples"] = sorted({f"{r[2]} {r[3]}: {r[5]}" for r in hits})[:4]
        return out


def start_wrk(procs, port, seconds, run, out_dir, tag):
    """The three wrk classes at once, each sending for the given seconds (and waiting 1 s more for answers); returns
    their processes and output files."""
    started = []
    for cls, (connections, pause) in LOAD.items():
        path = os.path.join(out_dir, f"wrk-{tag}-{cls}.txt")
        out = open(path, "w")
        argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds + 1:.0f}s", "--timeout", "10s",
                "-s", os.path.join(HERE, "load.lua"), f"http://127.0.0.1:{port}",
                "--", cls, run, str(pause), f"{seconds:.0f}"]
        proc = procs.start(f"wrk-{cls}", argv, None, stdout=out)
        started.append((cls, proc, path, out))
    return started


def finish_wrk(procs, started, seconds):
    results = {}
    for cls, proc, path, out in started:
        try:
            proc.wait(timeout=seconds + 31)
        except subprocess.TimeoutExpired:
            pass
        procs.stop(f"wrk-{cls}")
        out.close()
        with open(path) as f:
            line = next((l for l in f if l.startswith("FAULTS ")), None)
        results[cls] = json.loads(line[len("FAULTS "):]) if line else {"error": f"no result in {path}"}
    return results


def probe(port, name, since, limit):
    """Seconds from `since` until a new key, asked twice, is answered the second time from the cache (as the
    application's CacheProbe saw it); None if not within `limit` seconds."""
    client = Http(port)
    n = 0
    while time.monotonic() < since + limit:
        n += 1
        query = f"probe-{name}-{n}"
        client.call("GET", f"/search?q={query}")
        got, data, error, t0, t1 = client.call("GET", f"/search?q={query}")
        if got == 200 and parse(client.call("GET", f"/probe?q={query}")[1]) == {"hit": True}:
            return round(t1 - since, 3)
        time.sleep(0.01)
    return None


class Run:
    def __init__(self, out_dir, classpath):
        self.out_dir = out_dir
        self.classpath = classpath
        self.procs = Processes(os.path.join(out_dir, "pids"))
        self.redis_port = None
        self.redis_args = None
        self.phases = []
        self.jvm_pin = []
        if (os.cpu_count() or 1) >= 2 and hasattr(os, "sched_setaffinity"):
            # As run.sh: the application's JVM on core 0; Redis, wrk and this checker on core 1.
            os.sched_setaffinity(0, {1})
            self.jvm_pin = ["taskset", "-c", "0"]

    # --- Redis -------------------------------------------------------------------------------------------------

    def start_redis(self):
        self.procs.start("redis", self.redis_args, os.path.join(self.out_dir, "redis.log"))
        if not wait_for_redis(self.redis_port, 10):
            raise SystemExit(f"redis-server did not answer on port {self.redis_port}; see {self.out_dir}/redis.log")

    def redis_pid(self):
        return self.procs.running["redis"].pid

    # --- the application --------------------------------------------------------------------------------------

    def start_app(self, name, args, env, sources=()):
        port = free_port()
        argv = self.jvm_pin + ["java", "-Xms256m", "-Xmx512m", "-cp", self.classpath,
                               "dev.beryl.cache.examples.CatalogueApplication", f"--server.port={port}",
                               f"--catalogue.latency={METHOD_MS}ms", f"--beryl.cache.timeout={TIMEOUT_MS}ms",
                               "--logging.level.dev.beryl.cache.examples=WARN", "--server.shutdown=immediate",
                               "--spring.main.sources=" + ",".join(["dev.beryl.cache.benchmarks.faults.CacheProbe",
                                                                     *sources])] + args
        log_path = os.path.join(self.out_dir, f"app-{name}.log")
        proc = self.procs.start("app", argv, log_path, env=dict(os.environ, **env))
        deadline = time.monotonic() + APP_START_S
        client = Http(port, timeout=2)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"the {name} application exited with {proc.returncode} while starting; "
                                 f"see {log_path}")
            if client.call("GET", "/stats")[0] == 200:
                log(f"{name} application answers on port {port}")
                return port
            time.sleep(0.5)
        raise SystemExit(f"the {name} application did not answer within {APP_START_S} s; see {log_path}")

    def stop_app(self):
        self.procs.stop("app")

    # --- one phase --------------------------------------------------------------------------------------------

    def phase(self, app, port, checker, name, title, inject=None, remove=None):
        """Load; inject the fault, wait FAULT_S, remove it; keep loading GRACE_S; then AFTER_S more. The probe runs
        from the moment the fault is removed (or, without a fault, from the start)."""
        log(f"{app}: {title}")
        run = f"{name}-{os.getpid()}"
        seconds = BASELINE_S if inject is None else FAULT_S + GRACE_S
        started = start_wrk(self.procs, port, seconds, run, self.out_dir, name + "-during")
        t_start = time.monotonic()
        detail = inject() if inject else None
        if inject is not None:
            time.sleep(max(0.0, t_start + FAULT_S - time.monotonic()))
            removed_detail = remove()
            detail = "; ".join(x for x in (detail, removed_detail) if x)
        t_removed = time.monotonic()
        probe_result = {}
        prober = threading.Thread(target=lambda: probe_result.update(
            s=probe(port, name, t_removed, PROBE_LIMIT_S)), daemon=True)
        prober.start()
        during = finish_wrk(self.procs, started, seconds)
        t_during_end = time.monotonic()
        after = {}
        if inject is not None:
            started = start_wrk(self.procs, port, AFTER_S, run + "-after", self.out_dir, name + "-after")
            after = finish_wrk(self.procs, started, AFTER_S)
        prober.join(timeout=PROBE_LIMIT_S + CLIENT_TIMEOUT_S * 2 + 5)
        t_end = time.monotonic()
        self.phases.append({
            "app": app, "name": name, "title": title, "detail": detail,
            "fault_s": round(t_removed - t_start, 2) if inject else 0.0,
            "during_s": round(t_during_end - t_start, 2), "after_s": round(t_end - t_during_end, 2),
            "wrk_during": during, "wrk_after": after,
            "checker_during": checker.summary(t_start, t_during_end),
            "checker_after": checker.summary(t_during_end, t_end),
            "recovery_s": probe_result.get("s"), "probe_limit_s": PROBE_LIMIT_S,
            # time.monotonic() of the phase's moments, as in the checker's records
            "clock": {"start": t_start, "removed": t_removed, "during_end": t_during_end, "end": t_end},
        })
        self.save()

    def warm_up(self, port):
        log(f"warming up for {WARMUP_S:.0f} s")
        finish_wrk(self.procs, start_wrk(self.procs, port, WARMUP_S, f"warmup-{os.getpid()}", self.out_dir,
                                         "warmup"), WARMUP_S)

    # --- the two applications ---------------------------------------------------------------------------------

    def redis_faults(self):
        self.redis_port = free_port()
        major = int(re.search(r"v=(\d+)", subprocess.run(["redis-server", "--version"], capture_output=True,
                                                          text=True).stdout).group(1))
        self.redis_args = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                           "--appendonly", "no", "--logfile", os.path.join(self.out_dir, "redis.log")]
        if major >= 7:
            self.redis_args += ["--enable-debug-command", "local"]
        self.start_redis()
        port = self.start_app("redis", ["--spring.profiles.active=redis",
                                        f"--beryl.cache.redis.timeout={TIMEOUT_MS}ms"],
                              {"REDIS_URL": f"redis://127.0.0.1:{self.redis_port}"})
        checker = Checker(port)
        try:
            self.warm_up(port)
            checker.start()
            self.phase("redis", port, checker, "redis-baseline", "no fault")
            self.phase("redis", port, checker, "redis-kill", "Redis killed (SIGKILL), restarted on its port",
                       self.kill_redis, self.restart_redis)
            self.phase("redis", port, checker, "redis-stop", "Redis stopped (SIGSTOP), then continued (SIGCONT)",
                       lambda: self.signal_redis(signal.SIGSTOP), self.continue_redis)
            self.phase("redis", port, checker, "redis-slow",
                       f"Redis slow: back-to-back DEBUG SLEEP {DEBUG_SLEEP_S}", self.slow_redis, self.fast_redis)
            self.phase("redis", port, checker, "redis-pause", f"Redis paused: CLIENT PAUSE {FAULT_S * 1000:.0f} ALL",
                       self.pause_redis, self.unpaused_redis)
        finally:
            checker.stop()
            checker.save(os.path.join(self.out_dir, "checker-redis.jsonl"))
            self.stop_app()
            self.procs.stop("redis")

    def custom_faults(self):
        port = self.start_app("custom", ["--beryl.cache.default-backend=faultyBackend"], {},
                              ["dev.beryl.cache.benchmarks.faults.FaultInjection"])
        client = Http(port)

        def fault(mode):
            got = client.call("POST", f"/fault?mode={mode}&delay=1s")
            if got[0] != 200:
                raise SystemExit(f"POST /fault?mode={mode} answered {got[0] or got[2]}")
            return None

        checker = Checker(port)
        try:
            self.warm_up(port)
            checker.start()
            self.phase("custom", port, checker, "custom-baseline", "no fault")
            self.phase("custom", port, checker, "custom-slow", "every backend operation takes 1 s",
                       lambda: fault("slow"), lambda: fault("normal"))
            self.phase("custom", port, checker, "custom-hang", "no backend operation ever completes",
                       lambda: fault("hang"), lambda: fault("normal"))
        finally:
            checker.stop()
            checker.save(os.path.join(self.out_dir, "checker-custom.jsonl"))
            self.stop_app()

    # --- the Redis faults -------------------------------------------------------------------------------------

    def signal_redis(self, sig):
        os.kill(self.redis_pid(), sig)

    def kill_redis(self):
        self.procs.stop("redis", sig=signal.SIGKILL)

    def restart_redis(self):
        self.start_redis()
        return "restarted empty (no persistence)"

    def continue_redis(self):
        self.signal_redis(signal.SIGCONT)
        wait_for_redis(self.redis_port, 10)

    def slow_redis(self):
        self.slowing = threading.Event()
        sleeps = [0]

        def loop():
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=DEBUG_SLEEP_S + 5) as s:
                reader = s.makefile("rb")
                while not self.slowing.is_set():
                    s.sendall(resp("DEBUG", "SLEEP", DEBUG_SLEEP_S))
                    reply = reader.readline().decode().strip()
                    if reply != "+OK":
                        log(f"DEBUG SLEEP answered {reply}")
                        return
                    sleeps[0] += 1
                    time.sleep(0.01)

        self.slow_thread = threading.Thread(target=loop, daemon=True)
        self.slow_thread.start()
        self.sleeps = sleeps
        return None

    def fast_redis(self):
        self.slowing.set()
        self.slow_thread.join(timeout=DEBUG_SLEEP_S + 5)
        wait_for_redis(self.redis_port, 10)
        return f"{self.sleeps[0]} sleeps of {DEBUG_SLEEP_S} s, 10 ms apart"

    def pause_redis(self):
        reply = redis_command(self.redis_port, "CLIENT", "PAUSE", int(FAULT_S * 1000), "ALL")
        if reply != "+OK":
            raise SystemExit(f"CLIENT PAUSE answered {reply} (needs Redis 6.2 or later)")
        return None

    def unpaused_redis(self):
        # The pause ends by itself after FAULT_S; PING answers when it has.
        wait_for_redis(self.redis_port, 10)
        return None

    # --- results ----------------------------------------------------------------------------------------------

    def save(self):
        results = {
            "config": {"fault_s": FAULT_S, "grace_s": GRACE_S, "after_s": AFTER_S, "baseline_s": BASELINE_S,
                       "warmup_s": WARMUP_S, "write_every_s": WRITE_EVERY_S, "timeout_ms": TIMEOUT_MS,
                       "method_ms": METHOD_MS,
                       "margin_ms": MARGIN_MS, "client_timeout_s": CLIENT_TIMEOUT_S,
                       "load": {k: {"connections": c, "pause_ms": p} for k, (c, p) in LOAD.items()},
                       "pinned": bool(self.jvm_pin), "python": platform.python_version()},
            "phases": self.phases,
        }
        with open(os.path.join(self.out_dir, "faults.json"), "w") as f:
            json.dump(results, f, indent=1)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    out_dir, classpath = sys.argv[1], sys.argv[2]
    run = Run(out_dir, classpath)
    atexit.register(run.procs.stop_all)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    run.redis_faults()
    run.custom_faults()
    run.save()
    log(f"done in {time.monotonic() - started:.0f} s; wrote {out_dir}/faults.json")


if __name__ == "__main__":
    main()
