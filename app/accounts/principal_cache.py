"""A worker's short memory of who a bearer token is, so a request costs no authentication query.

Entries live a few seconds (DINGHUO_PRINCIPAL_CACHE_SECONDS), never past the access token's own
expiry, and at most DINGHUO_PRINCIPAL_CACHE_SIZE of them (least recently used go first). What
they may no longer be trusted for is dropped at once: every service that changes what a
principal holds (a session, a user's roles or activity, an organization's sides, an app token)
calls `announce` after its change committed. The server wires `announce` to drop the entries
on this worker and to publish the change through the broker to every other worker.

Only the Principal is kept. What a principal reaches through customer accounts (their status,
sales rep, price tier) is read from the database by each query, so those changes need no drop.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass

from app.accounts.permissions import Principal


@dataclass(frozen=True, kw_only=True)
class PrincipalChange:
    """Whose cached principals stop being trusted: a field left None matches nothing."""

    user_id: int | None = None
    session_id: int | None = None
    organization_id: int | None = None
    api_token_hash: str | None = None

    def as_message(self) -> dict:
        return {name: value for name, value in asdict(self).items() if value is not None}

    @classmethod
    def from_message(cls, message: dict) -> PrincipalChange:
        return cls(
            user_id=message.get("user_id"),
            session_id=message.get("session_id"),
            organization_id=message.get("organization_id"),
            api_token_hash=message.get("api_token_hash"),
        )

    def touches(self, key: str, principal: Principal) -> bool:
        if principal.is_app:
            return key == self.api_token_hash or principal.organization_id == self.organization_id
        return (
            (self.user_id is not None and principal.user_id == self.user_id)
            or (self.session_id is not None and principal.session_id == self.session_id)
            or (self.organization_id is not None and principal.organization_id == self.organization_id)
        )


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    fresh_until: float  # on the monotonic clock
    token_expires_at: float | None  # seconds since the epoch, as the token's `exp` claim


class PrincipalCache:
    """Keyed by the token's SHA-256 digest (an app token's key is its stored token_hash)."""

    def __init__(self, ttl_seconds: float, max_entries: int) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.entries: OrderedDict[str, _Entry] = OrderedDict()
        self.generation = 0
        """Counts drops: a principal loaded before a drop must not be stored after it."""

    def get(self, key: str) -> Principal | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.fresh_until <= time.monotonic() or (
            entry.token_expires_at is not None and entry.token_expires_at <= time.time()
        ):
            del self.entries[key]
            return None
        self.entries.move_to_end(key)
        return entry.principal

    def put(self, key: str, principal: Principal, loaded_at_generation: int, token_expires_at: float | None) -> None:
        """Keeps `principal` unless a drop happened since it was read (it may predate the change)."""
        if loaded_at_generation != self.generation:
            return
        self.entries[key] = _Entry(principal, time.monotonic() + self.ttl_seconds, token_expires_at)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)

    def drop(self, change: PrincipalChange) -> None:
        self.generation += 1
        for key in [key for key, entry in self.entries.items() if change.touches(key, entry.principal)]:
            del self.entries[key]

    def clear(self) -> None:
        self.generation += 1
        self.entries.clear()


Announcer = Callable[[PrincipalChange], Awaitable[None]]
_announcers: list[Announcer] = []


def on_change(announcer: Announcer) -> None:
    """The server's way to hear of changes (accounts knows no broker)."""
    _announcers.append(announcer)


def forget_announcers() -> None:
    _announcers.clear()


async def announce(change: PrincipalChange) -> None:
    """Call after the change committed: a request reading the database before the commit
    would otherwise cache what was just replaced."""
    for announcer in tuple(_announcers):
        await announcer(change)
