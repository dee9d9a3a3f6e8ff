-- wrk script: every request is a new citizen (unique NIK, unique request_id)
-- at one of the services A-D, like kiosks in a busy lobby.
local threads = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  refused = 0
  key = os.getenv("ANTRE_KIOSK_KEY")
end

request = function()
  counter = counter + 1
  local i = tid * 5000000 + counter
  local serial = (i % 9999) + 1
  local kk = (math.floor(i / 9999) % 99) + 1
  local cc = (math.floor(i / (9999 * 99)) % 99) + 1
  local nik = string.format("32%02d%02d010190%04d", kk, cc, serial)
  local svc = string.sub("ABCD", (counter % 4) + 1, (counter % 4) + 1)
  local body = string.format('{"service":"%s","nik":"%s","request_id":"w%d-%d"}', svc, nik, tid, counter)
  return wrk.format("POST", "/api/tickets",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status ~= 201 then refused = refused + 1 end
end

done = function(summary, latency, requests)
  local r = 0
  for _, t in ipairs(threads) do r = r + t:get("refused") end
  io.write(string.format("NOT_201 %d\n", r))
end
