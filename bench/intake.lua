-- wrk script for bench/intake.sh: posts the canonical sample application with a unique
-- portalCaseNo per request on keep-alive connections, and counts responses by status.
-- Environment: INTAKE_PATH (request path), INTAKE_TOKEN (bearer token, optional),
-- INTAKE_BODY (the sample file), INTAKE_RUN (a prefix that makes case numbers unique per run).
local path = os.getenv("INTAKE_PATH") or "/v1/applications"
local token = os.getenv("INTAKE_TOKEN")
local run = os.getenv("INTAKE_RUN") or "R"
local file = assert(io.open(os.getenv("INTAKE_BODY"), "r"))
local template = file:read("*a")
file:close()

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  headers = { ["Content-Type"] = "application/json" }
  if token then headers["Authorization"] = "Bearer " .. token end
end

function request()
  counter = counter + 1
  local case = string.format("%s-%d-%d", run, tid, counter)
  local body = string.gsub(template, '"portalCaseNo": "[^"]*"', '"portalCaseNo": "' .. case .. '"')
  return wrk.format("POST", path, headers, body)
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
