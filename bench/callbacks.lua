-- wrk script for bench/callbacks.sh: posts the lawyer sandbox's status callbacks to the
-- gateway, each with a unique event id. Request n reports on case (n mod CASES); the
-- first three reports of a case walk RECEIVED → ASSIGNED → ANSWERED (each moves the
-- target, the last two change the overall status and queue a portal notification);
-- later ones arrive after the case is final and are recorded as late.
-- Environment: CALLBACK_TOKEN (the lawyer adapter's bearer token), CASES, CASE_OFFSET (this
-- round's cases are OFFSET+1 … OFFSET+CASES), CALLBACK_RUN.
local token = os.getenv("CALLBACK_TOKEN")
local cases = tonumber(os.getenv("CASES"))
local offset = tonumber(os.getenv("CASE_OFFSET") or "0")
local run = os.getenv("CALLBACK_RUN") or "R"
local steps = { "RECEIVED", "ASSIGNED", "ANSWERED", "ASSIGNED" }
dofile("bench/wrk-report.lua")

function init(args)
  statuses = {}
  counter = 0
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
end

function request()
  -- The two threads interleave over the cases, so each case's steps arrive in order.
  local n = counter * 2 + (tid - 1)
  counter = counter + 1
  local case = n % cases + 1
  local step = math.min(math.floor(n / cases) + 1, #steps)
  local body = string.format('{"eventId":"%s-%d-%d","consultationNo":"LS-2026-%06d","state":"%s","at":"2026-11-30T10:00:%02d+08:00"}',
    run, tid, counter, offset + case, steps[step], step)
  return wrk.format("POST", "/v1/callbacks/lawyer-sandbox", headers, body)
end
