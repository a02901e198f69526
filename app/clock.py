"""The one clock of the platform: timezone-aware UTC, which every stored timestamp uses."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
