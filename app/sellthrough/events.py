"""Sell-through reports, as the outbox records them."""

from __future__ import annotations

from dataclasses import dataclass

from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class SellThroughReportSubmitted(
    Event, kind="sell_through_report.submitted", subject_type="SellThroughReport", scope="sellthrough:read"
):
    period: str
    revision: int
    line_count: int
    buyer_name: str
