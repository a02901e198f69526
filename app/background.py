"""How the worker's background loops (relay, hub, webhook dispatcher, broker listener) wait
and stop. Core: it knows no context."""

from __future__ import annotations

import asyncio


async def cancel_until_done(task: asyncio.Task | None) -> None:
    """Database and Redis clients can swallow a cancellation that lands mid-call; cancel until done."""
    while task is not None and not task.done():
        task.cancel()
        await asyncio.wait([task], timeout=0.1)


async def stop_loop(task: asyncio.Task | None, wake: asyncio.Event, grace_seconds: float = 10) -> None:
    """Lets a work loop that checks its `stopping` flag finish at its next wait, so a cancellation
    never lands inside a database transaction; cancels only if it does not finish in time."""
    if task is None:
        return
    wake.set()
    await asyncio.wait([task], timeout=grace_seconds)
    await cancel_until_done(task)


async def wait_for_event(event: asyncio.Event, timeout: float) -> None:
    """Until the event is set or the time is up. Unlike asyncio.timeout on Python 3.11, never
    turns a cancellation that lands as the time runs out into a TimeoutError."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait([waiter], timeout=timeout)
    finally:
        waiter.cancel()
