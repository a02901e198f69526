"""Password hashing and token material: argon2 for passwords, signed short-lived access
tokens, and random secrets that are stored only as their SHA-256 digest."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import NotAuthenticated
from app.settings import Settings

ACCESS_TOKEN_TYPE = "access"
API_TOKEN_PREFIX = "dhk_"
JWT_ALGORITHM = "HS256"


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    if profile == "fast":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


async def hash_password(settings: Settings, password: str) -> str:
    """argon2 is deliberately slow, so it runs off the event loop."""
    return await asyncio.to_thread(_hasher(settings.password_hash_profile).hash, password)


async def verify_password(settings: Settings, stored_hash: str, password: str) -> bool:
    hasher = _hasher(settings.password_hash_profile)
    try:
        return await asyncio.to_thread(hasher.verify, stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(settings: Settings, stored_hash: str) -> bool:
    return _hasher(settings.password_hash_profile).check_needs_rehash(stored_hash)


@lru_cache(maxsize=1)
def _unknown_user_hash(profile: str) -> str:
    return _hasher(profile).hash(secrets.token_urlsafe(16))


async def spend_verification_time(settings: Settings, password: str) -> None:
    """Verify against a throwaway hash so an unknown login costs as long as a wrong password."""
    await verify_password(settings, _unknown_user_hash(settings.password_hash_profile), password)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_access_token(settings: Settings, *, user_id: int, session_id: int, now: datetime) -> tuple[str, datetime]:
    expires_at = now + timedelta(seconds=settings.access_token_ttl)
    claims = {
        "typ": ACCESS_TOKEN_TYPE,
        "sub": str(user_id),
        "sid": session_id,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=JWT_ALGORITHM), expires_at


class AccessClaims(NamedTuple):
    user_id: int
    session_id: int
    expires_at: int  # seconds since the epoch


def read_access_token(settings: Settings, token: str) -> AccessClaims:
    """What a valid access token says: its user, its session and when it expires."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub", "sid", "typ"]},
        )
    except jwt.ExpiredSignatureError:
        raise NotAuthenticated("The access token has expired; renew it with tokenRefresh.") from None
    except jwt.InvalidTokenError:
        raise NotAuthenticated("The access token is invalid.") from None
    if claims.get("typ") != ACCESS_TOKEN_TYPE or not isinstance(claims.get("sid"), int):
        raise NotAuthenticated("The access token is invalid.")
    try:
        return AccessClaims(int(claims["sub"]), claims["sid"], int(claims["exp"]))
    except ValueError:
        raise NotAuthenticated("The access token is invalid.") from None
