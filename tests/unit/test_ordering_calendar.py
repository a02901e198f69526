"""Weekly ordering windows, including one that spans the weekend and one across the week's end."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.orders.calendar import Window, next_opening, open_window

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKEND = Window(5, time(19, 0), 6, time(16, 0))
WRAP = Window(6, time(22, 0), 0, time(2, 0))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Days after Monday 2026-11-23."""
    return datetime(2026, 11, 23, hour, minute, tzinfo=SHANGHAI) + timedelta(days=day)


def test_saturday_evening_to_sunday_afternoon():
    assert open_window([WEEKEND], at(5, 18, 59), "Asia/Shanghai") is None
    opening, closing = open_window([WEEKEND], at(5, 19, 0), "Asia/Shanghai")
    assert (opening, closing) == (at(5, 19), at(6, 16))
    assert open_window([WEEKEND], at(6, 15, 59), "Asia/Shanghai")[1] == at(6, 16)
    assert open_window([WEEKEND], at(6, 16, 0), "Asia/Shanghai") is None
    assert next_opening([WEEKEND], at(6, 16, 0), "Asia/Shanghai") == at(12, 19)


def test_a_window_across_the_end_of_the_week():
    assert open_window([WRAP], at(7, 1, 0), "Asia/Shanghai") == (at(6, 22), at(7, 2))
    assert open_window([WRAP], at(0, 1, 30), "Asia/Shanghai") == (at(-1, 22), at(0, 2))
    assert open_window([WRAP], at(0, 2, 0), "Asia/Shanghai") is None


def test_times_are_read_in_the_suppliers_timezone():
    utc_time = at(5, 19, 30).astimezone(ZoneInfo("UTC"))
    assert open_window([WEEKEND], utc_time, "Asia/Shanghai") is not None
    assert open_window([WEEKEND], utc_time, "Europe/Berlin") is None
