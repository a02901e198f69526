"""The quick order pad (目录订单): how many SKU lines one request may add."""

from __future__ import annotations

from collections.abc import Sized

from app.carts.service import MAX_LINES
from app.errors import ErrorCode, UserInputError


def check_line_count(lines: Sized) -> None:
    if len(lines) > MAX_LINES:
        raise UserInputError.single(("input", "lines"), ErrorCode.OUT_OF_RANGE, f"At most {MAX_LINES} lines.")
