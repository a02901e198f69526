"""Process-wide services that live as long as the server: the broker, the rate limiter and the
query cost budgets, the notifier transport. Started in the lifespan (and by the CLI and tests) from settings."""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app import read_versions
from app.accounts import principal_cache
from app.accounts.principal_cache import PrincipalCache, PrincipalChange
from app.background import cancel_until_done, wait_for_event
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
from app.read_versions import MemoryVersions, RedisVersions, VersionStore
from app.settings import Settings

if TYPE_CHECKING:
    from app.events.delivery import EventHub
    from app.events.relay import Relay
    from app.webhooks.service import Dispatcher

log = logging.getLogger(__name__)

PRINCIPAL_CHANGES_CHANNEL = "dinghuo:principal-changes"
SUBSCRIBE_SECONDS = 5.0


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
    principal_cache: PrincipalCache | None = None
    principal_listener: asyncio.Task | None = None
    read_versions: VersionStore = field(default_factory=MemoryVersions)


_runtime: Runtime | None = None


def freeze_start_up_objects() -> None:
    """The schema, models and settings made at start-up live as long as the process: moved out of the
    collector's generations, a full collection no longer walks them. A year's analytics builds some
    100,000 objects per request, and the collections they set off cost ~100 ms each over the whole
    heap (gc.freeze: a year's rep product breakdown 491 -> 374 ms p50)."""
    gc.freeze()


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
    await _start_principal_cache(_runtime)
    _start_read_versions(_runtime)
    return _runtime


def _start_read_versions(runtime: Runtime) -> None:
    """The counters the response cache keys on: in Redis, shared by every worker (and by the CLI,
    whose changes the servers then see); else this worker's own."""
    versions = RedisVersions(runtime.redis) if runtime.redis is not None else MemoryVersions()
    runtime.read_versions = versions

    async def bump(change: read_versions.Change) -> None:
        await versions.bump(change.keys)

    read_versions.forget_announcers()
    read_versions.on_change(bump)
    read_versions.use_store(versions)


async def _start_principal_cache(runtime: Runtime) -> None:
    """This worker's principal cache, and the changes that drop its entries: announced here (dropped
    before the request that made them answers) and on any other worker (through the broker). A
    process without a cache (DINGHUO_PRINCIPAL_CACHE_SECONDS=0, the CLI) still tells the others."""
    settings, broker = runtime.settings, runtime.broker
    cache = (
        PrincipalCache(settings.principal_cache_seconds, settings.principal_cache_size)
        if settings.principal_cache_seconds > 0
        else None
    )
    runtime.principal_cache = cache

    async def tell_every_worker(change: PrincipalChange) -> None:
        if cache is not None:
            cache.drop(change)
        try:
            await broker.publish(PRINCIPAL_CHANGES_CHANNEL, change.as_message())
        except (RedisError, OSError) as error:
            # The change is committed; other workers trust their entries at most the cache's seconds.
            log.warning("could not tell other workers of %s: %s", change, error)

    principal_cache.forget_announcers()
    principal_cache.on_change(tell_every_worker)
    if cache is None:
        return

    async def clear_after_outage() -> None:
        cache.clear()  # changes published while the broker was away never reached us

    broker.on_reconnect(clear_after_outage)
    subscribed = asyncio.Event()
    runtime.principal_listener = asyncio.create_task(
        _drop_announced_changes(broker, cache, subscribed), name="principal-cache-listener"
    )
    await wait_for_event(subscribed, SUBSCRIBE_SECONDS)


async def _drop_announced_changes(broker: Broker, cache: PrincipalCache, subscribed: asyncio.Event) -> None:
    async with broker.subscribe(PRINCIPAL_CHANGES_CHANNEL) as messages:
        subscribed.set()
        async for message in messages:
            cache.drop(PrincipalChange.from_message(message))


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
        on_deliveries=runtime.dispatcher.notify,
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
    principal_cache.forget_announcers()
    read_versions.forget_announcers()
    read_versions.use_store(None)
    await cancel_until_done(_runtime.principal_listener)
    await _runtime.broker.stop()
    if _runtime.redis is not None:
        await _runtime.redis.aclose()
    _runtime = None


def get_runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("The runtime is not started; call start_runtime() in the lifespan.")
    return _runtime
