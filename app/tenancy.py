"""A supplier's own rows, or NOT_FOUND: another supplier's row answers exactly like a missing one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from tortoise.models import Model

from app.errors import ErrorCode, UserInputError

M = TypeVar("M", bound=Model)


def not_found(field: str, noun: str) -> UserInputError:
    return UserInputError.single(("input", field), ErrorCode.NOT_FOUND, f"No such {noun}.")


async def own(model: type[M], pk: int, supplier_id: int, field: str, noun: str, **conditions) -> M:
    row = await model.get_or_none(id=pk, supplier_id=supplier_id, **conditions)
    if row is None:
        raise not_found(field, noun)
    return row


async def ensure_own(model: type[Model], pks: Iterable[int], supplier_id: int, field: str, noun: str) -> None:
    ids = sorted(set(pks))
    if ids and await model.filter(id__in=ids, supplier_id=supplier_id).count() != len(ids):
        raise not_found(field, noun)
