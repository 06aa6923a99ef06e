-- Load for the expiry-under-load group of benchmarks/run.sh: wrk -t1 -c16 -d10s --latency -s expiry.lua URL
-- The same request again and again, as wrk sends it without a script. done() prints one line, "EXPIRY {json}", for
-- report.py: the percentiles that --latency prints and those it leaves out (99.9, 99.99), the maximum, and how many
-- of the latencies are 100 ms or longer. wrk corrects its latencies for coordinated omission before done(): a
-- response later than twice a connection's mean interval adds the samples of the requests that the connection
-- would have sent meanwhile, so "samples" exceeds "requests" when something stalled, and a stall of all 16
-- connections weighs in the percentiles as it would for users who kept arriving.

function done(summary, latency, requests)
    local samples, slow = 0, 0
    for i = 1, #latency do
        local micros, count = latency(i)
        samples = samples + count
        if micros >= 100000 then
            slow = slow + count
        end
    end
    local e = summary.errors
    io.write(string.format('EXPIRY {"seconds":%.3f,"requests":%d,"errors":%d,"samples":%d,"slow":%d,' ..
        '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"p9999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
        summary.duration / 1e6, summary.requests, e.connect + e.read + e.write + e.timeout + e.status,
        samples, slow, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency:percentile(99.9), latency:percentile(99.99), latency.max, latency.mean))
end
