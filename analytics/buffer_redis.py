"""The buffer in Redis, for sites on several app servers (``REDIS_URL``).

One script call per beacon: rate limit, the day's sources, the visitor's HyperLogLog (a
fixed 12 KB per page and day, which keeps no hash itself) and the counters, atomically
and in one round trip. A Redis that stops answering costs a beacon at most a second and
then the beacon is dropped: counting must never make reading slower for long.
"""

import contextlib
import datetime
import secrets
import time
import uuid

import redis

from .buffer import OTHER, end_of_day

# KEYS: rate, sources, visitors, counters. ARGV: limit, source, max sources, other source,
# visitor, end of the day (keys of the day expire an hour after it), view key prefix,
# then (counter key, increment) pairs.
RECORD = """
if tonumber(ARGV[1]) > 0 then
  local n = redis.call('INCR', KEYS[1])
  if n == 1 then redis.call('EXPIRE', KEYS[1], 120) end
  if n > tonumber(ARGV[1]) then return 0 end
end
local expires = tonumber(ARGV[6]) + 3600
if ARGV[7] ~= '' then
  local source = ARGV[2]
  if redis.call('SISMEMBER', KEYS[2], source) == 0 then
    if redis.call('SCARD', KEYS[2]) < tonumber(ARGV[3]) then
      redis.call('SADD', KEYS[2], source)
      redis.call('EXPIREAT', KEYS[2], expires)
    else
      source = ARGV[4]
    end
  end
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
FLUSH_LOCK_SECONDS = 600


class RedisBuffer:
    def __init__(self, url, namespace):
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = f"folio:analytics:{namespace}:"
        self._record = self.client.register_script(RECORD)
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
        (analytics/collector.py) applied it already."""
        with self.client.pipeline(transaction=False) as pipe:
            for hit in hits:
                keys, args = self._arguments("", hit, 0, max_sources)
                self._record(keys=keys, args=args, client=pipe)
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


def end_of_day_for(day):
    return end_of_day(datetime.date.fromisoformat(day))
