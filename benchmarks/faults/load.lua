-- Load for benchmarks/faults.sh: wrk -t1 -c N -d D -s load.lua URL -- CLASS RUN PAUSE_MS SEND_S
--   hits    a small hot set of cached answers: products 1-5 and two listings (tagged), a search (tagged) and an
--           empty search (stored without tags); every answer must be 200
--   misses  a new key on every request: a listing of a category that does not exist (tagged with the category)
--           and a search that finds nothing (untagged); every answer must be 200
--   absent  products that do not exist: never stored, every answer must stay 404
-- RUN makes the keys of one run new; PAUSE_MS is the pause of each connection between its requests, so that the
-- load is the same whatever the latency. Connections send no new request once SEND_S seconds have passed (os.time
-- counts whole seconds: that is between SEND_S - 1 and SEND_S after the start); with D = SEND_S + 1, a request
-- that has no answer when wrk stops has waited at least 1 s. done() prints one line, "FAULTS {json}", for faults.py.

local hot = {
    "/products/1", "/products/2", "/products/3", "/products/4", "/products/5",
    "/products?category=shoes", "/products?category=jackets", "/search?q=jacket", "/search?q=nothing-matches",
}

local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    class = args[1] or "hits"
    run = args[2] or "run"
    pause = tonumber(args[3] or "5")
    send_until = os.time() + tonumber(args[4] or "1000000")
    expected = (class == "absent") and 404 or 200
    n, sent, answered, unexpected = 0, 0, 0, 0
end

function request()
    n = n + 1
    sent = sent + 1
    local path
    if class == "hits" then
        path = hot[(n % #hot) + 1]
    elseif class == "misses" then
        local key = run .. "-" .. id .. "-" .. n
        path = (n % 2 == 0) and ("/products?category=" .. key) or ("/search?q=" .. key)
    else
        path = "/products/" .. (1000000 * id + n)
    end
    return wrk.format("GET", path)
end

function delay()
    if os.time() >= send_until then
        return 3600000
    end
    return pause
end

function response(status, headers, body)
    answered = answered + 1
    if status ~= expected then
        unexpected = unexpected + 1
    end
end

function done(summary, latency, requests)
    local s, a, u = 0, 0, 0
    for _, thread in ipairs(threads) do
        s = s + thread:get("sent")
        a = a + thread:get("answered")
        u = u + thread:get("unexpected")
    end
    -- wrk calls request() once more on its first thread before the run, to check what it returns: not a request.
    s = s - 1
    local e = summary.errors
    io.write(string.format('FAULTS {"class":"%s","seconds":%.3f,"requests":%d,"sent":%d,"answered":%d,' ..
        '"unexpected":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
        '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
        threads[1]:get("class"), summary.duration / 1e6, summary.requests, s, a, u,
        e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
