"""Fixed-window counters for throttling failed logins, and leaky buckets of query cost.

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


class RedisOrMemory:
    """Calls Redis while it answers; while it does not, this worker's memory (a warning in the
    log), so requests keep working with per-worker limits. Redis is tried again after
    `retry_seconds`, not on every call, so an outage does not add a connect timeout to each."""

    def __init__(self, retry_seconds: float = 10.0):
        self.retry_seconds = retry_seconds
        self.primary_down_until = 0.0

    async def call(self, primary: Callable[[], Awaitable[T]], fallback: Callable[[], Awaitable[T]]) -> T:
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


class FallbackRateLimiter:
    """Counts in Redis, or in this worker's memory while Redis is unreachable (RedisOrMemory)."""

    def __init__(self, primary: RateLimiter, retry_seconds: float = 10.0):
        self.primary = primary
        self.fallback = MemoryRateLimiter()
        self.switch = RedisOrMemory(retry_seconds)

    async def hit(self, key: str, window_seconds: int) -> int:
        return await self.switch.call(
            lambda: self.primary.hit(key, window_seconds), lambda: self.fallback.hit(key, window_seconds)
        )

    async def count(self, key: str) -> tuple[int, int]:
        return await self.switch.call(lambda: self.primary.count(key), lambda: self.fallback.count(key))

    async def reset(self, key: str) -> None:
        await self.switch.call(lambda: self.primary.reset(key), lambda: self.fallback.reset(key))


class CostBuckets(Protocol):
    """Leaky buckets of query cost, one per caller: full at `capacity`, refilling at
    `restore_rate` points a second; a request takes its cost only when that much is there."""

    capacity: int
    restore_rate: int

    async def take(self, key: str, cost: int) -> tuple[bool, float]:
        """Whether the cost was taken, and what is left (or was there, when refused)."""
        ...

    async def give_back(self, key: str, points: int) -> float: ...

    async def peek(self, key: str) -> float: ...


class MemoryCostBuckets:
    def __init__(self, capacity: int, restore_rate: int):
        self.capacity = capacity
        self.restore_rate = restore_rate
        self.buckets: dict[str, tuple[float, float]] = {}  # key -> (available, as of monotonic time)

    def _available(self, key: str) -> float:
        available, as_of = self.buckets.get(key, (self.capacity, 0.0))
        return min(self.capacity, available + (time.monotonic() - as_of) * self.restore_rate)

    def _set(self, key: str, available: float) -> float:
        if available >= self.capacity:
            self.buckets.pop(key, None)  # a full bucket is the default: keep no entry for it
        else:
            self.buckets[key] = (available, time.monotonic())
        return available

    async def take(self, key: str, cost: int) -> tuple[bool, float]:
        available = self._available(key)
        if available < cost:
            return False, available
        return True, self._set(key, available - cost)

    async def give_back(self, key: str, points: int) -> float:
        return self._set(key, min(self.capacity, self._available(key) + points))

    async def peek(self, key: str) -> float:
        return self._available(key)


# KEYS[1] the bucket; ARGV: capacity, restore rate a second, points to take (negative: give back).
# Redis's own clock, so every worker refills alike; the key expires once the bucket would be full.
_BUCKET_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local points = tonumber(ARGV[3])
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'available', 'at')
local available = capacity
if state[1] then
  available = math.min(capacity, tonumber(state[1]) + (now_ms - tonumber(state[2])) * rate / 1000)
end
if points > available then
  return {0, tostring(available)}
end
available = math.min(capacity, available - points)
if points ~= 0 then
  redis.call('HSET', KEYS[1], 'available', tostring(available), 'at', now_ms)
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - available) * 1000 / rate) + 1000)
end
return {1, tostring(available)}
"""


class RedisCostBuckets:
    def __init__(self, redis: Redis, capacity: int, restore_rate: int, prefix: str = "dinghuo:cost:"):
        self.capacity = capacity
        self.restore_rate = restore_rate
        self.prefix = prefix
        self.script = redis.register_script(_BUCKET_SCRIPT)

    async def _run(self, key: str, points: int) -> tuple[bool, float]:
        granted, available = await self.script(
            keys=[self.prefix + key], args=[self.capacity, self.restore_rate, points]
        )
        return bool(granted), float(available)

    async def take(self, key: str, cost: int) -> tuple[bool, float]:
        return await self._run(key, cost)

    async def give_back(self, key: str, points: int) -> float:
        return (await self._run(key, -points))[1]

    async def peek(self, key: str) -> float:
        return (await self._run(key, 0))[1]


class FallbackCostBuckets:
    """Redis while it answers, this worker's memory while it does not (see FallbackRateLimiter)."""

    def __init__(self, primary: CostBuckets, capacity: int, restore_rate: int, retry_seconds: float = 10.0):
        self.primary = primary
        self.capacity = capacity
        self.restore_rate = restore_rate
        self.fallback = MemoryCostBuckets(capacity, restore_rate)
        self.switch = RedisOrMemory(retry_seconds)

    async def take(self, key: str, cost: int) -> tuple[bool, float]:
        return await self.switch.call(lambda: self.primary.take(key, cost), lambda: self.fallback.take(key, cost))

    async def give_back(self, key: str, points: int) -> float:
        return await self.switch.call(
            lambda: self.primary.give_back(key, points), lambda: self.fallback.give_back(key, points)
        )

    async def peek(self, key: str) -> float:
        return await self.switch.call(lambda: self.primary.peek(key), lambda: self.fallback.peek(key))
