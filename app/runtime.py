"""Process-wide services that live as long as the server: the broker, the rate limiter and the
query cost budgets, the notifier transport. Started in the lifespan (and by the CLI and tests) from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from redis.asyncio import Redis

from app.events.broker import Broker, InProcessBroker, RedisBroker
from app.messaging import Transport, load_transport
from app.ratelimit import (
    CostBuckets,
    FallbackCostBuckets,
    FallbackRateLimiter,
    MemoryCostBuckets,
    MemoryRateLimiter,
    RateLimiter,
    RedisCostBuckets,
    RedisRateLimiter,
)
from app.settings import Settings

if TYPE_CHECKING:
    from app.events.delivery import EventHub
    from app.events.relay import Relay
    from app.webhooks.service import Dispatcher


@dataclass
class Runtime:
    settings: Settings
    broker: Broker
    rate_limiter: RateLimiter
    transport: Transport
    redis: Redis | None
    cost_buckets: CostBuckets
    hub: EventHub | None = None
    relay: Relay | None = None
    dispatcher: Dispatcher | None = None
    live_parts: list = field(default_factory=list)


_runtime: Runtime | None = None


async def start_runtime(settings: Settings) -> Runtime:
    global _runtime
    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2) if settings.redis_url else None
    capacity, rate = settings.query_cost_budget, settings.query_cost_restore_rate
    if redis is not None:
        await redis.ping()
        broker: Broker = RedisBroker(redis)
        limiter: RateLimiter = FallbackRateLimiter(RedisRateLimiter(redis))
        cost_buckets: CostBuckets = FallbackCostBuckets(RedisCostBuckets(redis, capacity, rate), capacity, rate)
    else:
        broker = InProcessBroker()
        limiter = MemoryRateLimiter()
        cost_buckets = MemoryCostBuckets(capacity, rate)
    await broker.start()
    _runtime = Runtime(settings, broker, limiter, load_transport(settings.notifier), redis, cost_buckets)
    return _runtime


async def start_live(runtime: Runtime | None = None) -> Runtime:
    """The event machinery of a serving worker: the hub feeding live subscriptions, the
    outbox relay and the webhook dispatcher. Needs the database."""
    # They reach into the domain services, which read the runtime themselves.
    from app.events.delivery import EventHub
    from app.events.relay import Relay
    from app.webhooks.service import Dispatcher

    runtime = runtime or get_runtime()
    settings = runtime.settings
    runtime.hub = EventHub(runtime.broker)
    runtime.dispatcher = Dispatcher(settings)
    runtime.relay = Relay(
        runtime.broker,
        uses_postgres=settings.uses_postgres,
        poll_seconds=settings.relay_poll_ms / 1000,
        on_published=runtime.dispatcher.notify,
    )
    for part in (runtime.hub, runtime.relay, runtime.dispatcher):
        await part.start()
        runtime.live_parts.append(part)
    return runtime


async def stop_live(runtime: Runtime) -> None:
    while runtime.live_parts:
        await runtime.live_parts.pop().stop()


async def stop_runtime() -> None:
    global _runtime
    if _runtime is None:
        return
    await stop_live(_runtime)
    await _runtime.broker.stop()
    if _runtime.redis is not None:
        await _runtime.redis.aclose()
    _runtime = None


def get_runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("The runtime is not started; call start_runtime() in the lifespan.")
    return _runtime
