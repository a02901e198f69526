"""Settings come from DINGHUO_* variables; a bad value names the variable and what it expects."""

from __future__ import annotations

import pytest

from app.db import tortoise_config
from app.settings import SettingsError, load_settings

KEY = {"DINGHUO_SECRET_KEY": "k" * 40}


def test_defaults_are_sqlite_and_in_process_broker():
    settings = load_settings(KEY)
    assert settings.database_url.startswith("sqlite://") and settings.database_url.endswith("var/dinghuo.sqlite3")
    assert settings.redis_url is None
    assert not settings.uses_postgres
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)


def test_postgres_and_redis_urls_switch_to_the_real_services():
    settings = load_settings(
        {
            **KEY,
            "DINGHUO_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/dinghuo",
            "DINGHUO_REDIS_URL": "redis://127.0.0.1:6379/0",
            "DINGHUO_WORKERS": "4",
            "DINGHUO_DATABASE_POOL_SIZE": "12",
        }
    )
    assert settings.uses_postgres
    assert settings.tortoise_database_url == "postgres://postgres@127.0.0.1:5432/dinghuo"
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.workers == 4
    credentials = tortoise_config(settings)["connections"]["default"]["credentials"]
    assert credentials["maxsize"] == 12 and credentials["database"] == "dinghuo"
    assert load_settings(KEY).database_pool_size == 10


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("DATABASE_URL", "mysql://localhost/db", "unsupported scheme 'mysql'"),
        ("DATABASE_URL", "postgres:///dinghuo", "has no host"),
        ("DATABASE_URL", "postgres://localhost", "names no database"),
        ("DATABASE_URL", "postgres://localhost:99999/db", "invalid port"),
        ("DATABASE_URL", "sqlite://", "names no SQLite file"),
        ("DATABASE_URL", "just-a-word", "unsupported scheme"),
        ("REDIS_URL", "http://localhost:6379", "unsupported scheme 'http'"),
        ("REDIS_URL", "redis://", "has no host"),
        ("PORT", "eighty", "is not a whole number"),
        ("WORKERS", "0", "must be at least 1"),
        ("DATABASE_POOL_SIZE", "0", "must be at least 1"),
        ("DATABASE_POOL_SIZE", "many", "is not a whole number"),
        ("SECRET_KEY", "short", "at least 32 characters"),
        ("LOG_LEVEL", "chatty", "is not a log level"),
        ("PASSWORD_HASH_PROFILE", "none", "must be 'standard' or 'fast'"),
    ],
)
def test_bad_values_give_a_clear_error(name, value, message):
    with pytest.raises(SettingsError) as error:
        load_settings({**KEY, f"DINGHUO_{name}": value})
    assert f"DINGHUO_{name}" in str(error.value)
    assert message in str(error.value)


def test_invitation_links_are_built_on_the_public_url():
    settings = load_settings(
        {**KEY, "DINGHUO_PUBLIC_URL": "https://order.example.com/", "DINGHUO_INVITATION_TTL": "3600"}
    )
    assert (settings.public_url, settings.invitation_ttl) == ("https://order.example.com", 3600)
    assert load_settings(KEY).public_url == "http://127.0.0.1:8000"
    for bad in ("order.example.com", "ftp://order.example.com", "https://order.example.com/?x=1"):
        with pytest.raises(SettingsError, match="DINGHUO_PUBLIC_URL"):
            load_settings({**KEY, "DINGHUO_PUBLIC_URL": bad})
