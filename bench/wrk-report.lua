-- Shared by the wrk scripts of bench/: counts responses by status per thread, and at the
-- end prints "STATUS <code> <count>" lines, "RPS", "P50" and "P99" (ms) for the shell
-- scripts to read. Load it with dofile("bench/wrk-report.lua") before defining request().
threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("STATUS %d %d\n", status, count))
  end
  io.write(string.format("RPS %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("P50 %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("P99 %.2f\n", latency:percentile(99) / 1000))
end
