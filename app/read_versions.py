"""Version counters of what a buyer's view of a catalog is made of, so that a worker may keep an
answer for as long as the counters it was computed under have not moved (the response cache).

Five kinds of counter, each bumped by the services that change what it covers:
- `catalog:<supplier>`: products, variants, categories, brands, tags, visibility rules, price
  lists and their assignments and prices, promotions of that supplier;
- `stock:<supplier>`: any stock movement of that supplier (app/inventory, the only writer);
- `buyer:<organization>`: the customer accounts of that buyer (status, tier, group, region);
- `all`: organizations themselves (a supplier's catalog settings, who sells);
- `flows:<supplier>`: that supplier's approval flows, their steps and who they are assigned to
  (no answer keys on it; the order process keeps the flows by it, `Kept`).

A service calls `announce` when it changed one of them; the server wires the announcement to
bump the counters. Changes made inside a transaction bump at once *and* again once the request
that made them is over (`settling`), so no reader can pair a new counter with rows the commit had
not yet made visible. Core: it knows no context.
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
T = TypeVar("T")

EVERYTHING = "all"


def catalog_key(supplier_id: int) -> str:
    return f"catalog:{supplier_id}"


def stock_key(supplier_id: int) -> str:
    return f"stock:{supplier_id}"


def buyer_key(buyer_id: int) -> str:
    return f"buyer:{buyer_id}"


def flows_key(supplier_id: int) -> str:
    return f"flows:{supplier_id}"


def ordering_rules_key(supplier_id: int) -> str:
    return f"rules:{supplier_id}"


@dataclass(frozen=True)
class Change:
    """The counters one change moves."""

    keys: frozenset[str]

    @classmethod
    def catalog(cls, supplier_id: int) -> Change:
        return cls(frozenset({catalog_key(supplier_id)}))

    @classmethod
    def stock(cls, supplier_ids: Iterable[int]) -> Change:
        return cls(frozenset(stock_key(s) for s in supplier_ids))

    @classmethod
    def buyer(cls, buyer_id: int) -> Change:
        return cls(frozenset({buyer_key(buyer_id)}))

    @classmethod
    def flows(cls, supplier_id: int) -> Change:
        return cls(frozenset({flows_key(supplier_id)}))

    @classmethod
    def ordering_rules(cls, supplier_id: int) -> Change:
        return cls(frozenset({ordering_rules_key(supplier_id)}))

    @classmethod
    def everything(cls) -> Change:
        return cls(frozenset({EVERYTHING}))


Announcer = Callable[[Change], Awaitable[None]]
_announcers: list[Announcer] = []
_store: VersionStore | None = None
_settling: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("read_versions_settling", default=None)


def on_change(announcer: Announcer) -> None:
    """The server's way to hear of changes (the contexts know no version store)."""
    _announcers.append(announcer)


def forget_announcers() -> None:
    _announcers.clear()


def use_store(store: VersionStore | None) -> None:
    """The counters `Kept` reads: the server's (a process without one keeps nothing)."""
    global _store
    _store = store


KEPT_SECONDS = 60.0
"""The longest a worker keeps a value: a bump Redis refused, or a change written with no bump (a script
writing rows itself), is seen within it."""


class Kept(Generic[T]):
    """Values a worker keeps for as long as the counters they were loaded under have not moved, and at
    most `KEPT_SECONDS`: a read costs the counters (nothing in memory, one Redis round trip) instead of
    the load. A value loaded while a change was in flight is kept under the counter that change bumped
    at once, and dropped at the bump once its request is over (`settling`)."""

    def __init__(self) -> None:
        self.values: dict[Hashable, tuple[VersionStore, tuple[str, ...], float, T]] = {}

    async def get(self, name: Hashable, keys: tuple[str, ...], load: Callable[[], Awaitable[T]]) -> T:
        """The value kept as `name` if `keys`' counters have not moved since it was loaded, else `load()`'s."""
        store = _store
        stamp = await store.read(keys) if store is not None else None
        if store is None or stamp is None:
            return await load()
        found = self.values.get(name)
        now = time.monotonic()
        if found is not None and found[0] is store and found[1] == stamp and now < found[2]:
            return found[3]
        value = await load()
        self.values[name] = (store, stamp, now + KEPT_SECONDS, value)
        return value


async def announce(change: Change) -> None:
    """Call when the change is written (inside its transaction or after it)."""
    if not change.keys:
        return
    pending = _settling.get()
    if pending is not None:
        pending.update(change.keys)
    for announcer in tuple(_announcers):
        await announcer(change)


@contextmanager
def settling() -> Iterator[set[str]]:
    """Collects the keys announced within (a request's operation), for a bump once every
    transaction of it has committed: the caller announces them again on leaving."""
    pending: set[str] = set()
    token = _settling.set(pending)
    try:
        yield pending
    finally:
        _settling.reset(token)


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class VersionStore(Protocol):
    async def read(self, keys: tuple[str, ...]) -> tuple[str, ...] | None:
        """The counters, each with the store's epoch; None when they cannot be trusted now."""

    async def bump(self, keys: frozenset[str]) -> None: ...


class MemoryVersions:
    """One worker's counters: enough when that worker is the only one (the in-process broker)."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    async def read(self, keys: tuple[str, ...]) -> tuple[str, ...] | None:
        return tuple(str(self.counters.get(key, 0)) for key in keys)

    async def bump(self, keys: frozenset[str]) -> None:
        for key in keys:
            self.counters[key] = self.counters.get(key, 0) + 1


class RedisVersions:
    """Counters every worker reads in one round trip per request. An epoch, chosen at random when
    missing, is read with them: counters that restart from zero after Redis lost its data can
    never match an answer kept under the old ones."""

    PREFIX = "dinghuo:rv:"

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def read(self, keys: tuple[str, ...]) -> tuple[str, ...] | None:
        names = [self.PREFIX + "epoch", *(self.PREFIX + key for key in keys)]
        try:
            values = await self.redis.mget(names)
            if values[0] is None:
                await self.redis.set(names[0], secrets.token_hex(8), nx=True)
                values = await self.redis.mget(names)
        except (RedisError, OSError) as error:
            log.warning("version counters unavailable (%s); answering without the response cache", error)
            return None
        if values[0] is None:
            return None
        return tuple(f"{_text(values[0])}.{_text(value or 0)}" for value in values[1:])

    async def bump(self, keys: frozenset[str]) -> None:
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key in sorted(keys):
                    pipe.incr(self.PREFIX + key)
                await pipe.execute()
        except (RedisError, OSError) as error:
            # The change is committed; kept answers live at most DINGHUO_RESPONSE_CACHE_SECONDS.
            log.warning("could not bump version counters %s: %s", sorted(keys), error)
