-- Shared by the request scripts beside it: prints a wrk run as one machine-readable line,
-- which test/bench/api.js parses (latencies in microseconds, non-2xx/3xx responses in "status").
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%.0f,"p99_us":%.0f,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
