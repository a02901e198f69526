"""Live subscriptions: the stream of events one caller may receive, checked event by event.

The caller is re-checked from its bearer token on an interval and whenever an account event
touches its organization, so a revoked session or a disabled user stops receiving. Each
check per event reads only memory and what the hub loaded once for all subscribers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from app.accounts.auth import principal_for_bearer
from app.accounts.permissions import (
    Principal,
    require_authenticated,
)
from app.errors import NotAuthenticated
from app.events.delivery import EventHub, LiveEvent


async def revalidate(credential: str | None) -> Principal:
    """The caller holding `credential` as it stands now; NotAuthenticated once it is revoked."""
    if credential is None:
        raise NotAuthenticated()
    return await principal_for_bearer(credential)


class Audience(Protocol):
    """Whom a stream serves: one caller, or a group of callers who see the same events and
    results (the fan-out of schema/fanout.py), re-checked each by its own token."""

    async def recheck(self) -> Principal:
        """The caller as it stands now (for a group: the group's, after checking each member)."""
        ...

    def __len__(self) -> int:
        """How many subscribers this stream serves."""
        ...


@dataclass(frozen=True)
class OneCaller:
    credential: str | None

    async def recheck(self) -> Principal:
        return await revalidate(self.credential)

    def __len__(self) -> int:
        return 1


async def stream(
    principal: Principal,
    audience: Audience,
    hub: EventHub | None,
    recheck_seconds: float,
    replay: Callable[[], Awaitable[list[LiveEvent]]] | None = None,
) -> AsyncIterator[tuple[Principal, LiveEvent]]:
    """Every event `hub` receives from now on, with the caller as it stands at that event
    (`audience.recheck()` again every `recheck_seconds`, and at an event of one of its customer
    accounts), after the events `replay` loads (what a returning subscriber missed), each once.
    Which events a caller may see is the business of the context that owns their subject
    (app/orders/live.py, app/approvals/live.py)."""
    require_authenticated(principal)
    if hub is None:
        raise RuntimeError("Live events are not running; start_live() in the lifespan.")
    loop = asyncio.get_running_loop()
    async with hub.listen(audience) as queue:
        # Loaded after listening starts, so nothing falls between the replay and the live events.
        replayed = [] if replay is None else await replay()
        for event in replayed:
            yield principal, event
        replayed_ids = {event.id for event in replayed}
        check_at = loop.time() + recheck_seconds
        while True:
            try:
                async with asyncio.timeout_at(check_at):
                    event = await queue.get()
            except TimeoutError:
                principal = await audience.recheck()
                check_at = loop.time() + recheck_seconds
                continue
            if event.id in replayed_ids:
                continue
            if event.kind.startswith("customer_account.") and principal.organization_id in (
                event.supplier_id,
                event.buyer_id,
            ):
                principal = await audience.recheck()
            yield principal, event


def notifications_for(principal: Principal, event: LiveEvent) -> list[dict]:
    return [n for n in event.notifications if n["userId"] == principal.user_id]
