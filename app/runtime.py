"""Process-wide services that live as long as the server: the broker, the rate limiter,
the notifier transport. Started in the lifespan (and by the CLI and tests) from settings."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from app.events.broker import Broker, InProcessBroker, RedisBroker
from app.notifications.service import Transport, load_transport
from app.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from app.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    broker: Broker
    rate_limiter: RateLimiter
    transport: Transport
    redis: Redis | None


_runtime: Runtime | None = None


async def start_runtime(settings: Settings) -> Runtime:
    global _runtime
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    if redis is not None:
        await redis.ping()
        broker: Broker = RedisBroker(redis)
        limiter: RateLimiter = RedisRateLimiter(redis)
    else:
        broker = InProcessBroker()
        limiter = MemoryRateLimiter()
    await broker.start()
    _runtime = Runtime(settings, broker, limiter, load_transport(settings.notifier), redis)
    return _runtime


async def stop_runtime() -> None:
    global _runtime
    if _runtime is None:
        return
    await _runtime.broker.stop()
    if _runtime.redis is not None:
        await _runtime.redis.aclose()
    _runtime = None


def get_runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("The runtime is not started; call start_runtime() in the lifespan.")
    return _runtime
