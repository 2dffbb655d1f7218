"""The buffer in Redis, for sites on several app servers (``REDIS_URL``).

One script call per beacon: rate limit, the day's sources, the visitor's HyperLogLog (a
fixed 12 KB per page and day, which keeps no hash itself) and the counters, atomically
and in one round trip. The beacon collector's batches are summed first and written by one
script call per page and day. A Redis that stops answering costs a beacon at most a second
and then the beacon is dropped: counting must never make reading slower for long.
"""

import collections
import contextlib
import datetime
import secrets
import time
import uuid

import redis

from .buffer import OTHER, end_of_day

# Both scripts start with it (``register_script``): the source a view counts under, the
# page's day's list of sources kept to ``max`` (the rest count as "other"); keys of the day
# expire an hour after it.
KEPT_SOURCE = """
local function kept_source(sources, source, max, other, expires)
  if redis.call('SISMEMBER', sources, source) == 1 then return source end
  if redis.call('SCARD', sources) >= tonumber(max) then return other end
  redis.call('SADD', sources, source)
  redis.call('EXPIREAT', sources, expires)
  return source
end
"""
# KEYS: rate, sources, visitors, counters. ARGV: limit, source, max sources, other source,
# visitor, end of the day, view key prefix, then (counter key, increment) pairs.
RECORD = """
if tonumber(ARGV[1]) > 0 then
  local n = redis.call('INCR', KEYS[1])
  if n == 1 then redis.call('EXPIRE', KEYS[1], 120) end
  if n > tonumber(ARGV[1]) then return 0 end
end
local expires = tonumber(ARGV[6]) + 3600
if ARGV[7] ~= '' then
  local source = kept_source(KEYS[2], ARGV[2], ARGV[3], ARGV[4], expires)
  redis.call('HINCRBY', KEYS[4], ARGV[7] .. source, 1)
end
if ARGV[5] ~= '' then
  redis.call('PFADD', KEYS[3], ARGV[5])
  redis.call('EXPIREAT', KEYS[3], expires)
end
for i = 8, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[4], ARGV[i], ARGV[i + 1])
end
return 1
"""
# RECORD for many hits of one page and day, summed. KEYS: sources, visitors, counters.
# ARGV: max sources, other source, end of the day, the number of views V, V triples (view
# key prefix, source, count), the number of visitors N, N visitors, then (counter key,
# increment) pairs. Views are in the order their first hit came, so the sources kept when
# the day's list fills are the ones RECORD would have kept hit by hit.
RECORD_MANY = """
local expires = tonumber(ARGV[3]) + 3600
local i = 5
for _ = 1, tonumber(ARGV[4]) do
  local source = kept_source(KEYS[1], ARGV[i + 1], ARGV[1], ARGV[2], expires)
  redis.call('HINCRBY', KEYS[3], ARGV[i] .. source, ARGV[i + 2])
  i = i + 3
end
local visitors = tonumber(ARGV[i])
i = i + 1
if visitors > 0 then
  -- unpack is bounded by Lua's C stack: the caller sends at most VISITORS_PER_CALL.
  redis.call('PFADD', KEYS[2], unpack(ARGV, i, i + visitors - 1))
  redis.call('EXPIREAT', KEYS[2], expires)
end
i = i + visitors
while i < #ARGV do
  redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end
return 1
"""
# Redis runs a script call through before anything else, the pages' page-cache reads
# too: a second's 250 visitors in one call held it for up to 0.5 ms (SLOWLOG). At 1000 a
# call, pages at 300 req/s gained 0.56 ± 0.35 ms of p99 with beacons arriving; at 100,
# 0.27 ± 0.22 ms, the control's 0.15 (bench/results/analytics.md).
VISITORS_PER_CALL = 100
FLUSH_LOCK_SECONDS = 600


class RedisBuffer:
    def __init__(self, url, namespace):
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = f"folio:analytics:{namespace}:"
        self._record = self.client.register_script(KEPT_SOURCE + RECORD)
        self._record_many = self.client.register_script(KEPT_SOURCE + RECORD_MANY)
        self._salt = (None, None)

    def key(self, *parts):
        return self.prefix + ":".join(str(part) for part in parts)

    def salt(self, day):
        if self._salt[0] == day:
            return self._salt[1]
        key = self.key("salt", day)
        # Expires as the day ends: from then on nobody can link a hash to an address.
        self.client.set(key, secrets.token_bytes(32), nx=True, exat=end_of_day_for(day))
        salt = self.client.get(key)
        if salt is None:
            # The day ended between reading the clock and asking: its salt is gone, and a
            # throwaway one will do for its last beacon.
            return secrets.token_bytes(32)
        self._salt = (day, salt)
        return salt

    def end_past_days(self, day):
        """Nothing to do: salts, sources and visitors expire with their day."""

    def record(self, client, hit, *, limit, max_sources):
        keys, args = self._arguments(client, hit, limit, max_sources)
        return bool(self._record(keys=keys, args=args))

    def record_many(self, hits, *, max_sources):
        """Add ``hits`` in one round trip, with no rate limit: the beacon collector
        (analytics/collector.py) applied it already. Hits are summed per page and day
        first: a script call per page and day, not per hit."""
        groups = {}
        for hit in hits:
            group = groups.get((hit.day, hit.page))
            if group is None:
                group = groups[hit.day, hit.page] = _PageDay()
            group.add(hit)
        with self.client.pipeline(transaction=False) as pipe:
            for (day, page), group in groups.items():
                keys = [
                    self.key("sources", day, page),
                    self.key("visitors", day, page),
                    self.key("counters"),
                ]
                for args in group.arguments(max_sources, end_of_day_for(day)):
                    self._record_many(keys=keys, args=args, client=pipe)
            pipe.execute()

    def _arguments(self, client, hit, limit, max_sources):
        minute = int(time.time() // 60)
        args = [
            limit,
            hit.source,
            max_sources,
            OTHER,
            hit.visitor,
            end_of_day_for(hit.day),
            hit.view,
        ]
        for key, increment in hit.counts.items():
            args += [key, increment]
        keys = [
            self.key("rate", minute, client),
            self.key("sources", hit.day, hit.page),
            self.key("visitors", hit.day, hit.page),
            self.key("counters"),
        ]
        return keys, args

    @contextlib.contextmanager
    def flush_lock(self):
        token = uuid.uuid4().hex
        key = self.key("flush-lock")
        acquired = self.client.set(key, token, nx=True, ex=FLUSH_LOCK_SECONDS)
        try:
            yield bool(acquired)
        finally:
            if acquired and self.client.get(key) == token.encode():
                self.client.delete(key)

    def drain(self):
        # Only the holder of the flush lock drains, and beacons only ever create the
        # counters: if they exist now, they still do at the rename.
        if not self.client.exists(self.key("counters")):
            return None
        name = uuid.uuid4().hex
        with self.client.pipeline(transaction=True) as pipe:
            pipe.rename(self.key("counters"), self.key("batch", name))
            pipe.rpush(self.key("batches"), name)
            pipe.execute()
        return name

    def batches(self):
        return [name.decode() for name in self.client.lrange(self.key("batches"), 0, -1)]

    def batch(self, name):
        return {
            key.decode(): int(value)
            for key, value in self.client.hgetall(self.key("batch", name)).items()
        }

    def forget_batch(self, name):
        with self.client.pipeline() as pipe:
            pipe.delete(self.key("batch", name))
            pipe.lrem(self.key("batches"), 0, name)
            pipe.execute()

    def visitors(self, day, page):
        return self.client.pfcount(self.key("visitors", day, page))


class _PageDay:
    """One page's hits of one day, summed for RECORD_MANY."""

    def __init__(self):
        self.views = collections.Counter()  # (view key prefix, source): count
        self.visitors = set()
        self.counts = collections.Counter()

    def add(self, hit):
        if hit.view:
            self.views[hit.view, hit.source] += 1
        if hit.visitor:
            self.visitors.add(hit.visitor)
        self.counts.update(hit.counts)

    def arguments(self, max_sources, end_of_day):
        """RECORD_MANY's arguments, split so that no call carries more than
        VISITORS_PER_CALL visitors (the views and counts go with the first)."""
        visitors = list(self.visitors)
        chunks = [
            visitors[start : start + VISITORS_PER_CALL]
            for start in range(0, len(visitors), VISITORS_PER_CALL)
        ] or [[]]
        for number, chunk in enumerate(chunks):
            views = self.views if number == 0 else {}
            counts = self.counts if number == 0 else {}
            args = [max_sources, OTHER, end_of_day, len(views)]
            for (prefix, source), count in views.items():
                args += [prefix, source, count]
            args.append(len(chunk))
            args += chunk
            for key, increment in counts.items():
                args += [key, increment]
            yield args


def end_of_day_for(day):
    return end_of_day(datetime.date.fromisoformat(day))
