-- wrk script for bench/callbacks.sh: posts the lawyer sandbox's status callbacks to the
-- gateway, pre-signed by bench/sign-callbacks.py (each with its own nonce and event id):
-- request n of the round sends line n of CALLBACK_FILE. The first three reports of a case
-- walk RECEIVED → ASSIGNED → ANSWERED (each moves the target, the last two change the
-- overall status and queue a portal notification); later ones arrive after the case is
-- final and are recorded as late. Past the file's end it starts again: those are replays,
-- answered 401 and counted under "other".
local file = os.getenv("CALLBACK_FILE")
dofile("bench/wrk-report.lua")

function init(args)
  statuses = {}
  counter = 0
  lines = {}
  for line in io.lines(file) do
    local parts = {}
    for part in string.gmatch(line, "[^\t]+") do parts[#parts + 1] = part end
    local headers = { ["Content-Type"] = "application/json" }
    for i = 2, #parts do
      local name, value = string.match(parts[i], "^([^:]+): (.*)$")
      headers[name] = value
    end
    lines[#lines + 1] = { body = parts[1], headers = headers }
  end
end

function request()
  -- The two threads interleave over the lines, so each case's steps arrive in order.
  local n = counter * 2 + (tid - 1)
  counter = counter + 1
  local entry = lines[n % #lines + 1]
  return wrk.format("POST", "/v1/callbacks/lawyer-sandbox", entry.headers, entry.body)
end
