"""Weekly ordering windows (订货周期), e.g. Saturday 19:00 to Sunday 16:00 for Monday delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Window:
    opens_weekday: int
    opens_at: time
    closes_weekday: int
    closes_at: time


def minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def clock(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _last_opening(window: Window, now: datetime) -> datetime:
    days_back = (now.weekday() - window.opens_weekday) % 7
    opening = datetime.combine(now.date() - timedelta(days=days_back), window.opens_at, now.tzinfo)
    return opening - WEEK if opening > now else opening


def _length(window: Window) -> timedelta:
    days = (window.closes_weekday - window.opens_weekday) % 7
    length = timedelta(days=days) + (
        datetime.combine(datetime.min, window.closes_at) - datetime.combine(datetime.min, window.opens_at)
    )
    return length if length > timedelta(0) else length + WEEK


def open_window(windows: list[Window], now: datetime, timezone: str) -> tuple[datetime, datetime] | None:
    """The (opening, cut-off) of the window `now` falls in, or None when ordering is closed."""
    local = now.astimezone(ZoneInfo(timezone))
    for window in windows:
        opening = _last_opening(window, local)
        closing = opening + _length(window)
        if opening <= local < closing:
            return opening, closing
    return None


def next_opening(windows: list[Window], now: datetime, timezone: str) -> datetime:
    local = now.astimezone(ZoneInfo(timezone))
    return min(_last_opening(window, local) + WEEK for window in windows)


def next_window(windows: list[Window], now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """The (opening, cut-off) of the first window to open after `now`."""
    local = now.astimezone(ZoneInfo(timezone))
    return min(
        (_last_opening(window, local) + WEEK, _last_opening(window, local) + WEEK + _length(window))
        for window in windows
    )


def calendar_week(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 in the supplier's timezone, around `now`."""
    local = now.astimezone(ZoneInfo(timezone))
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(0), local.tzinfo)
    return monday, datetime.combine(monday.date() + WEEK, time(0), local.tzinfo)
