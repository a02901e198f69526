"""Loads that many readers of one thing ask for but that should run once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any


class SharedLoads:
    """`get(key, load)` runs `load()` once per key, however many callers ask at once or later."""

    def __init__(self) -> None:
        self._futures: dict[str, asyncio.Future] = {}

    async def get(self, key: str, load: Callable[[], Awaitable[Any]]) -> Any:
        future = self._futures.get(key)
        if future is None:
            future = asyncio.ensure_future(load())
            self._futures[key] = future
        return await asyncio.shield(future)
