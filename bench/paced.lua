-- wrk script: requests at a fixed rate, as readers' browsers send them (bench/analytics_bench.py).
--
--   wrk -t16 -c16 -d10s -s paced.lua http://127.0.0.1:PORT/analytics/beacon -- beacons 500 16 PAGE_ID
--   wrk -t8 -c8 -d10s -s paced.lua http://127.0.0.1:PORT/blog/post/ -- pages 300 8
--
-- One connection per thread (-t = -c, given again after "--"), each sending rate/threads
-- requests a second on a schedule of its own (an absolute clock through LuaJIT's ffi, so a
-- late answer is caught up on, not lost). The wait is taken in response(), between the
-- answer and the next connection, which blocks only that thread: wrk's own delay() waits
-- on a connection already open, and gunicorn's sync workers would sit idle on it (each
-- pacing connection held a worker, and the pages waited for nothing). Latencies are timed
-- from the request's write to its answer, without the wait. "beacons" POSTs what
-- analytics.js sends (about half views with referrers and campaigns, half depths read),
-- each from its own client address behind one trusted proxy (X-Forwarded-For); "pages"
-- GETs the URL. At the end it prints one line of figures for the Python side to read.
-- C and mostly asleep: the sender costs far less CPU than the server it measures.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } folio_timespec;
int clock_gettime(int clock, folio_timespec *now);
int usleep(unsigned int microseconds);
]])
local clock = ffi.new("folio_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/124.0.0.0 Safari/537.36"
local REFERRERS = { "", "", "https://www.google.com/", "https://t.co/x", "https://news.ycombinator.com/" }
local DEPTHS = { "[25]", "[25, 50]", "[50]", "[75, 100]", "[100]" }

local mode, interval, page, due, sent = "pages", 10, 0, nil, 0
index = 0 -- set by setup()
-- Globals: done() reads each thread's copy.
statuses = {}
views_sent = 0
local bodies, is_view = {}, {}

function init(args)
  mode = args[1] or "pages"
  local threads = tonumber(args[3] or "1")
  interval = 1000 * threads / tonumber(args[2] or "100")
  page = tonumber(args[4] or "0")
  due = now_ms() + interval * (1 + index / threads) -- the threads' slots interleave
  math.randomseed(17 + index)
  for n = 1, 1000 do
    local body
    if math.random() < 0.5 then
      local utm = ""
      if math.random() < 0.1 then
        utm = ', "utm": {"source": "newsletter", "medium": "email"}'
      end
      body = string.format('{"page": %d, "audience": "guest", "view": true, "referrer": "%s"%s}',
        page, REFERRERS[math.random(#REFERRERS)], utm)
    else
      body = string.format('{"page": %d, "audience": "guest", "seen": [], "read": %s}',
        page, DEPTHS[math.random(#DEPTHS)])
    end
    bodies[n] = body
    is_view[n] = body:find('"view": true', 1, true) ~= nil
  end
end

function request()
  sent = sent + 1
  if mode ~= "beacons" then
    return wrk.format("GET", nil, { ["Accept-Encoding"] = "gzip", ["User-Agent"] = BROWSER })
  end
  -- The thread's index first: every thread counts its own requests from 1.
  local client = string.format(
    "10.%d.%d.%d", index % 256, math.floor(sent / 256) % 256, sent % 256)
  local n = sent % #bodies + 1
  if is_view[n] then
    views_sent = views_sent + 1
  end
  return wrk.format("POST", nil, {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = BROWSER,
    ["X-Forwarded-For"] = client,
    ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port,
  }, bodies[n])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local wait = due - now_ms()
  due = due + interval
  if wait > 0 then
    ffi.C.usleep(math.floor(wait * 1000))
  end
end

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local counted, views = {}, 0
  for _, thread in ipairs(threads) do
    views = views + thread:get("views_sent")
    for status, n in pairs(thread:get("statuses")) do
      counted[status] = (counted[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counted) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  local errors = summary.errors
  io.write(string.format(
    'PACED {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, '
      .. '"max_ms": %.3f, "errors": %d, "views_sent": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout, views,
    table.concat(parts, ", ")))
end
