"""Fixed-window counters for throttling (failed logins, later API quotas).

In memory on one worker; in Redis when configured, so every worker shares one count, with
this worker's memory standing in while Redis cannot be reached.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("dinghuo.ratelimit")

T = TypeVar("T")


class RateLimiter(Protocol):
    async def hit(self, key: str, window_seconds: int) -> int: ...

    async def count(self, key: str) -> tuple[int, int]: ...

    async def reset(self, key: str) -> None: ...


class MemoryRateLimiter:
    def __init__(self) -> None:
        self.windows: dict[str, tuple[int, float]] = {}

    def _live(self, key: str) -> tuple[int, float] | None:
        window = self.windows.get(key)
        if window is not None and window[1] <= time.monotonic():
            del self.windows[key]
            return None
        return window

    async def hit(self, key: str, window_seconds: int) -> int:
        window = self._live(key)
        count, ends = window if window else (0, time.monotonic() + window_seconds)
        self.windows[key] = (count + 1, ends)
        return count + 1

    async def count(self, key: str) -> tuple[int, int]:
        """The count in the current window and the seconds until it ends."""
        window = self._live(key)
        if window is None:
            return 0, 0
        return window[0], max(1, math.ceil(window[1] - time.monotonic()))

    async def reset(self, key: str) -> None:
        self.windows.pop(key, None)


class RedisRateLimiter:
    def __init__(self, redis: Redis, prefix: str = "dinghuo:rl:"):
        self.redis = redis
        self.prefix = prefix

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(self.prefix + key)
            pipe.expire(self.prefix + key, window_seconds, nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def count(self, key: str) -> tuple[int, int]:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.get(self.prefix + key)
            pipe.pttl(self.prefix + key)
            count, ttl_ms = await pipe.execute()
        return (int(count), max(1, math.ceil(int(ttl_ms) / 1000))) if count is not None else (0, 0)

    async def reset(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)


class FallbackRateLimiter:
    """Redis while it answers; while it does not, counts in this worker's memory (a warning in
    the log), so logins keep working with a per-worker limit. Redis is tried again after
    `retry_seconds`, not on every call, so an outage does not add a connect timeout to each."""

    def __init__(self, primary: RateLimiter, retry_seconds: float = 10.0):
        self.primary = primary
        self.fallback = MemoryRateLimiter()
        self.retry_seconds = retry_seconds
        self.primary_down_until = 0.0

    async def _call(self, primary: Callable[[], Awaitable[T]], fallback: Callable[[], Awaitable[T]]) -> T:
        if time.monotonic() >= self.primary_down_until:
            try:
                result = await primary()
            except (RedisConnectionError, RedisTimeoutError, OSError) as error:
                log.warning(
                    "Redis is unreachable for rate limits (%s: %s); counting in this worker's memory for %ss",
                    type(error).__name__,
                    error,
                    self.retry_seconds,
                )
                self.primary_down_until = time.monotonic() + self.retry_seconds
            else:
                return result
        return await fallback()

    async def hit(self, key: str, window_seconds: int) -> int:
        return await self._call(
            lambda: self.primary.hit(key, window_seconds), lambda: self.fallback.hit(key, window_seconds)
        )

    async def count(self, key: str) -> tuple[int, int]:
        return await self._call(lambda: self.primary.count(key), lambda: self.fallback.count(key))

    async def reset(self, key: str) -> None:
        await self._call(lambda: self.primary.reset(key), lambda: self.fallback.reset(key))
