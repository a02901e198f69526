"""One DataLoader per batch function per operation: every list resolves its relations in
one query per relation, however long it is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

from aiodataloader import DataLoader

BatchFunction = Callable[[list[Any]], Awaitable[Sequence[Any]]]


class Loaders:
    def __init__(self) -> None:
        self._loaders: dict[Hashable, DataLoader] = {}

    def of(self, batch: BatchFunction, key: Hashable | None = None) -> DataLoader:
        """The loader for `batch`; pass `key` when the function closes over the caller."""
        registry_key = key if key is not None else batch
        loader = self._loaders.get(registry_key)
        if loader is None:
            loader = DataLoader(batch_load_fn=batch)
            self._loaders[registry_key] = loader
        return loader
