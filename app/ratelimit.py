"""Fixed-window counters for throttling (failed logins, later API quotas).

In memory on one worker; in Redis when configured, so every worker shares one count.
"""

from __future__ import annotations

import time
from typing import Protocol

from redis.asyncio import Redis


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
        return window[0], max(1, int(window[1] - time.monotonic()))

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
            pipe.ttl(self.prefix + key)
            count, ttl = await pipe.execute()
        return (int(count), max(1, int(ttl))) if count is not None else (0, 0)

    async def reset(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)
