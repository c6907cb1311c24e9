-- wrk script for bench/callbacks.sh: posts the lawyer sandbox's status callbacks to the
-- gateway, each with a unique event id. Request n reports on case (n mod CASES); the
-- first three reports of a case walk RECEIVED → ASSIGNED → ANSWERED (each moves the
-- target, the last two change the overall status and queue a portal notification);
-- later ones arrive after the case is final and are recorded as late.
-- Environment: CALLBACK_TOKEN (the lawyer adapter's bearer token), CASES, CALLBACK_RUN.
local token = os.getenv("CALLBACK_TOKEN")
local cases = tonumber(os.getenv("CASES"))
local run = os.getenv("CALLBACK_RUN") or "R"
local steps = { "RECEIVED", "ASSIGNED", "ANSWERED", "ASSIGNED" }
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = 0
  nthreads = #threads
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
end

function request()
  -- Threads interleave over the cases so each case's steps arrive in order.
  local n = counter * 2 + tid
  counter = counter + 1
  local case = n % cases + 1
  local step = math.min(math.floor(n / cases) + 1, #steps)
  local body = string.format('{"eventId":"%s-%d-%d","consultationNo":"LS-2026-%06d","state":"%s","at":"2026-11-30T10:00:%02d+08:00"}',
    run, tid, counter, case, steps[step], step)
  return wrk.format("POST", "/v1/callbacks/lawyer-sandbox", headers, body)
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
