"""All configuration, read once from DINGHUO_* environment variables.

Every setting has an embedded default so a fresh checkout runs with SQLite and an
in-process broker; a bad value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"

SQLITE_SCHEMES = {"sqlite"}
POSTGRES_SCHEMES = {"postgres", "postgresql", "asyncpg"}
REDIS_SCHEMES = {"redis", "rediss"}


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


DEFAULT_HSTS_SECONDS = 365 * 24 * 3600


class SettingsError(ValueError):
    """A DINGHUO_* variable holds a value the server cannot run with."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    secret_key: str
    # Connections each worker keeps to PostgreSQL: a checkout holds one for its whole transaction. With 32 buyers
    # at once, 10 placed the most orders (bench/checkout_bench.py, 2 runs each: 5 → 165/171 orders/s, 8 → 146/166,
    # 10 → 182/186, 20 → 147/158): fewer made checkouts wait for a connection, more made them wait on each
    # other's rows in PostgreSQL, which then spent more CPU per order.
    database_pool_size: int = 10
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 30 * 24 * 3600
    password_reset_ttl: int = 60 * 60
    invitation_ttl: int = 7 * 24 * 3600
    public_url: str = "http://127.0.0.1:8000"
    web_dir: Path = PROJECT_ROOT / "storefront" / "dist"
    login_failures_per_account_address: int = 5
    login_failures_per_account: int = 50
    login_failures_per_address: int = 30
    login_failure_window: int = 15 * 60
    trusted_proxies: tuple[IPNetwork, ...] = field(default_factory=tuple)
    debug: bool = False
    password_hash_profile: str = "standard"
    max_page_size: int = 100
    max_query_depth: int = 12
    # The introspection query that GraphiQL, graphql-js and graphql-core send nests 14 deep
    # (`__schema { types { fields { args { type { ofType × 9 } } } } } }`).
    max_introspection_depth: int = 15
    max_aliases: int = 30
    max_query_tokens: int = 4000
    max_body_bytes: int = 1_000_000
    # A spreadsheet upload (multipart/form-data): 10,000 products with variants are a few MB.
    max_upload_bytes: int = 20_000_000
    max_query_cost: int = 10_000
    query_cost_budget: int = 20_000
    query_cost_restore_rate: int = 1000
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    notifier: str | None = None
    relay_poll_ms: int = 1000
    ws_keepalive_seconds: int = 15
    subscription_recheck_seconds: int = 30
    webhook_timeout_ms: int = 5000
    webhook_max_attempts: int = 8
    webhook_backoff_base_ms: int = 1000
    webhook_backoff_cap_ms: int = 3600 * 1000
    principal_cache_seconds: int = 5
    principal_cache_size: int = 10_000
    persisted_query_cache_size: int = 1000
    persisted_query_redis_ttl: int = 24 * 3600
    response_cache_entries: int = 10_000
    response_cache_seconds: int = 60
    log_format: str = "text"
    metrics_token: str | None = None
    hsts_seconds: int = 0

    @property
    def uses_postgres(self) -> bool:
        return urlsplit(self.database_url).scheme in POSTGRES_SCHEMES

    @property
    def tortoise_database_url(self) -> str:
        """tortoise names the asyncpg engine `postgres://`; accept the common spellings."""
        parts = urlsplit(self.database_url)
        if parts.scheme in POSTGRES_SCHEMES:
            return parts._replace(scheme="postgres").geturl()
        return self.database_url


def _env(environ: dict[str, str], name: str) -> str | None:
    value = environ.get(f"DINGHUO_{name}")
    return value.strip() if value is not None and value.strip() else None


def _int(environ: dict[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = _env(environ, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"DINGHUO_{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise SettingsError(f"DINGHUO_{name}={value} must be at least {minimum}")
    return value


def _bool(environ: dict[str, str], name: str) -> bool:
    raw = _env(environ, name)
    if raw is None:
        return False
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"DINGHUO_{name}={raw!r} must be true or false")


def parse_trusted_proxies(raw: str | None) -> tuple[IPNetwork, ...]:
    """The proxies whose X-Forwarded-For names the client: addresses or CIDR ranges."""
    if raw is None:
        return ()
    networks = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(
                f"DINGHUO_TRUSTED_PROXIES has {part!r}, which is not an address or CIDR range "
                "(expected e.g. 10.0.0.5,10.1.0.0/16)"
            ) from None
    return tuple(networks)


def parse_database_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme in SQLITE_SCHEMES:
        if not raw.startswith("sqlite://") or not raw[len("sqlite://") :]:
            raise SettingsError(
                f"DINGHUO_DATABASE_URL={raw!r} names no SQLite file; "
                "use sqlite:///absolute/path.sqlite3 or sqlite://relative/path.sqlite3"
            )
        return raw
    if parts.scheme in POSTGRES_SCHEMES:
        if not parts.hostname:
            raise SettingsError(
                f"DINGHUO_DATABASE_URL={raw!r} has no host; expected postgres://user@host:5432/database"
            )
        if not parts.path.strip("/"):
            raise SettingsError(
                f"DINGHUO_DATABASE_URL={raw!r} names no database; expected postgres://user@host:5432/database"
            )
        _check_port("DINGHUO_DATABASE_URL", raw, parts)
        return raw
    raise SettingsError(
        f"DINGHUO_DATABASE_URL={raw!r} has an unsupported scheme {parts.scheme!r}; "
        "expected sqlite://... or postgres://..."
    )


def parse_redis_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in REDIS_SCHEMES:
        raise SettingsError(
            f"DINGHUO_REDIS_URL={raw!r} has an unsupported scheme {parts.scheme!r}; expected redis://host:6379/0"
        )
    if not parts.hostname:
        raise SettingsError(f"DINGHUO_REDIS_URL={raw!r} has no host; expected redis://host:6379/0")
    _check_port("DINGHUO_REDIS_URL", raw, parts)
    return raw


def _check_port(name: str, raw: str, parts) -> None:
    try:
        _ = parts.port  # urllib only checks the port when it is read
    except ValueError:
        raise SettingsError(f"{name}={raw!r} has an invalid port") from None


def parse_public_url(raw: str) -> str:
    """Where people open the web apps: links in invitations are built on it."""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(
            f"DINGHUO_PUBLIC_URL={raw!r} must be an http(s) address with no query, e.g. https://order.example.com"
        )
    _check_port("DINGHUO_PUBLIC_URL", raw, parts)
    return raw.rstrip("/")


def _secret_key(environ: dict[str, str]) -> str:
    """Tokens must verify on every worker, so a generated key is kept in var/."""
    configured = _env(environ, "SECRET_KEY")
    if configured is not None:
        if len(configured) < 32:
            raise SettingsError("DINGHUO_SECRET_KEY must be at least 32 characters long")
        return configured
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    database_url = parse_database_url(_env(env, "DATABASE_URL") or f"sqlite://{VAR_DIR / 'dinghuo.sqlite3'}")
    redis_raw = _env(env, "REDIS_URL")
    profile = _env(env, "PASSWORD_HASH_PROFILE") or "standard"
    if profile not in {"standard", "fast"}:
        raise SettingsError(f"DINGHUO_PASSWORD_HASH_PROFILE={profile!r} must be 'standard' or 'fast' (tests only)")
    log_level = (_env(env, "LOG_LEVEL") or "info").lower()
    if log_level not in {"critical", "error", "warning", "info", "debug"}:
        raise SettingsError(f"DINGHUO_LOG_LEVEL={log_level!r} is not a log level")
    log_format = (_env(env, "LOG_FORMAT") or "text").lower()
    if log_format not in {"text", "json"}:
        raise SettingsError(f"DINGHUO_LOG_FORMAT={log_format!r} must be 'text' or 'json'")
    public_url = parse_public_url(_env(env, "PUBLIC_URL") or "http://127.0.0.1:8000")
    cors = _env(env, "CORS_ORIGINS")
    max_query_cost = _int(env, "MAX_QUERY_COST", 10_000)
    query_cost_budget = _int(env, "QUERY_COST_BUDGET", 20_000)
    if query_cost_budget < max_query_cost:
        raise SettingsError(
            f"DINGHUO_QUERY_COST_BUDGET={query_cost_budget} is below DINGHUO_MAX_QUERY_COST={max_query_cost}: "
            "a query at the maximum could never run"
        )
    return Settings(
        database_url=database_url,
        redis_url=parse_redis_url(redis_raw) if redis_raw else None,
        secret_key=_secret_key(env),
        database_pool_size=_int(env, "DATABASE_POOL_SIZE", 10),
        host=_env(env, "HOST") or "127.0.0.1",
        port=_int(env, "PORT", 8000),
        max_upload_bytes=_int(env, "MAX_UPLOAD_BYTES", 20_000_000),
        workers=_int(env, "WORKERS", 1),
        log_level=log_level,
        access_token_ttl=_int(env, "ACCESS_TOKEN_TTL", 15 * 60),
        refresh_token_ttl=_int(env, "REFRESH_TOKEN_TTL", 30 * 24 * 3600),
        password_reset_ttl=_int(env, "PASSWORD_RESET_TTL", 60 * 60),
        invitation_ttl=_int(env, "INVITATION_TTL", 7 * 24 * 3600),
        public_url=public_url,
        web_dir=Path(_env(env, "WEB_DIR") or PROJECT_ROOT / "storefront" / "dist"),
        login_failures_per_account_address=_int(env, "LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", 5),
        login_failures_per_account=_int(env, "LOGIN_FAILURES_PER_ACCOUNT", 50),
        login_failures_per_address=_int(env, "LOGIN_FAILURES_PER_ADDRESS", 30),
        login_failure_window=_int(env, "LOGIN_FAILURE_WINDOW", 15 * 60),
        trusted_proxies=parse_trusted_proxies(_env(env, "TRUSTED_PROXIES")),
        debug=_bool(env, "DEBUG"),
        password_hash_profile=profile,
        max_query_cost=max_query_cost,
        query_cost_budget=query_cost_budget,
        query_cost_restore_rate=_int(env, "QUERY_COST_RESTORE_RATE", 1000),
        cors_origins=tuple(o.strip() for o in cors.split(",") if o.strip()) if cors else (),
        notifier=_env(env, "NOTIFIER"),
        relay_poll_ms=_int(env, "RELAY_POLL_MS", 1000),
        ws_keepalive_seconds=_int(env, "WS_KEEPALIVE_SECONDS", 15),
        subscription_recheck_seconds=_int(env, "SUBSCRIPTION_RECHECK_SECONDS", 30),
        webhook_timeout_ms=_int(env, "WEBHOOK_TIMEOUT_MS", 5000),
        webhook_max_attempts=_int(env, "WEBHOOK_MAX_ATTEMPTS", 8),
        webhook_backoff_base_ms=_int(env, "WEBHOOK_BACKOFF_BASE_MS", 1000),
        webhook_backoff_cap_ms=_int(env, "WEBHOOK_BACKOFF_CAP_MS", 3600 * 1000),
        principal_cache_seconds=_int(env, "PRINCIPAL_CACHE_SECONDS", 5, minimum=0),
        principal_cache_size=_int(env, "PRINCIPAL_CACHE_SIZE", 10_000),
        persisted_query_cache_size=_int(env, "PERSISTED_QUERY_CACHE_SIZE", 1000),
        persisted_query_redis_ttl=_int(env, "PERSISTED_QUERY_REDIS_TTL", 24 * 3600),
        response_cache_entries=_int(env, "RESPONSE_CACHE_ENTRIES", 10_000, minimum=0),
        response_cache_seconds=_int(env, "RESPONSE_CACHE_SECONDS", 60, minimum=1),
        log_format=log_format,
        metrics_token=_env(env, "METRICS_TOKEN"),
        # Browsers remember HSTS for its whole max-age: sent by default only where people already
        # reach the apps over https, and never to a plain-http development server.
        hsts_seconds=_int(
            env, "HSTS_SECONDS", DEFAULT_HSTS_SECONDS if public_url.startswith("https:") else 0, minimum=0
        ),
    )


_settings: Settings | None = None


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = load_settings()
    return _settings


def override_settings(settings: Settings | None) -> None:
    """Tests and the CLI replace the process-wide settings before anything reads them."""
    global _settings
    _settings = settings
