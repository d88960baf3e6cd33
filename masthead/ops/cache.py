"""A Redis cache that degrades instead of failing when Redis is away.

Pages, fragments and sessions treat the cache as an accelerator: when Redis stops, reads
become misses and writes are dropped, so pages still render from the database (sessions
live in the database too: `cached_db`). Counters are different: a rate limit that cannot
count must refuse (see `masthead.core.ratelimit`), so `incr` raises `CacheUnavailable`.

After a failure the cache is left alone for `RETRY_SECONDS`, so a Redis that hangs costs
one short timeout per process, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


class CacheUnavailable(ValueError):
    """The cache could not count. A ValueError, as Django's `incr` contract has it, so code
    that falls back to `set` for a missing key keeps working; rate limits catch it first."""


def cache_available(cache):
    """False while a resilient cache is serving without its server."""
    return getattr(cache, "available", lambda: True)()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """One `redis.Redis` per connection pool, not one per cache call: Django builds a new
    client, and its table of some two hundred response callbacks, for every get and set,
    which costs more than the round trip. A client is thread-safe, and its pool starts
    afresh in a forked process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # kept for the process: its id is stable
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def available(self):
        return time.monotonic() >= self._down_until

    def _call(self, method, fallback, *args, **kwargs):
        if not self.available():
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            if self.available():
                logger.error("Cache unavailable (%s): serving without it", error.__class__.__name__)
            type(self)._down_until = time.monotonic() + RETRY_SECONDS
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise CacheUnavailable("the cache is unavailable")
        return value
