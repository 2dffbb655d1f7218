"""A page-cache hit's two reads, the content generation and then the copy kept under it,
in one Redis round trip when both live in the same django-redis cache.

Every hit reads the generation first, because the entry's key holds it (a publish retires
every copy by moving it on): two round trips, each through django-redis's key and value
handling (~75 µs of CPU for the generation alone, measured in-process). A Lua script reads
both at once, and atomically: the entry is the one kept under the generation it read.

Anything else takes the plain two steps: another cache backend (memory and file, where a
read costs microseconds), a generation not set yet (``current_generation`` sets it), a key
function that does not keep the key's text whole, or any Redis error (the two steps then
meet it too, and django-redis's ``IGNORE_EXCEPTIONS`` makes it a miss: Django answers).
Written here rather than taken from django-redis, which has no multi-key read whose second
key depends on the first's value.
"""

from django_redis.cache import RedisCache
from redis.exceptions import RedisError

from . import page_cache

# KEYS[1] is the generation's key; the entry's key is ARGV[1] .. generation .. ARGV[2].
READ_BOTH = """
local generation = redis.call('GET', KEYS[1])
if not generation then return {false, false} end
return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
"""
# Stands for the generation in a key, to find where the key function puts it.
MARK = "\0generation\0"
_script = None  # redis-py's Script: loaded into a server the first time it is missing there


def kept_entry(key_for):
    """``(key, entry)``: the key ``key_for(generation)`` of this request's kept answer under
    the current generation, and that answer, or ``None`` when none is kept."""
    cache = page_cache.page_cache()
    if cache is page_cache.generation_cache() and isinstance(cache, RedisCache):
        found = read_both(cache, key_for)
        if found is not None:
            return found
    key = key_for(page_cache.current_generation())
    return key, cache.get(key)


def read_both(cache, key_for):
    """``kept_entry``'s answer in one round trip, or ``None`` to take the two steps."""
    client = cache.client
    before, mark, after = str(client.make_key(key_for(MARK))).partition(MARK)
    if not mark or MARK in after:
        return None
    global _script
    try:
        redis = client.get_client(write=False)
        if _script is None:
            _script = redis.register_script(READ_BOTH)
        generation_key = str(client.make_key(page_cache.GENERATION_KEY))
        generation, value = _script(keys=[generation_key], args=[before, after], client=redis)
        if generation is None:
            return None
        generation = int(generation)  # kept as a plain integer, so that INCR works
    except (RedisError, ValueError, OSError):
        return None
    return key_for(generation), (None if value is None else client.decode(value))
