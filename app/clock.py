"""The one clock of the platform: timezone-aware UTC, which every stored timestamp uses."""

from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
