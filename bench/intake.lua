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

dofile("bench/wrk-report.lua")
local counter = 0

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
