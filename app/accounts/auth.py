"""Authentication: login, token renewal and revocation, password change and reset, and
turning a bearer token into the Principal that every permission check reads."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from app.accounts import credentials
from app.accounts.models import (
    ApiToken,
    AuthSession,
    PasswordResetToken,
    RetiredRefreshToken,
    Role,
    User,
    UserRole,
)
from app.accounts.permissions import ANONYMOUS, Principal, Scope, require_user
from app.accounts.principal_cache import PrincipalCache, PrincipalChange, announce
from app.clock import utc_now
from app.errors import ErrorCode, NotAuthenticated, UserInputError
from app.messaging import Message, Transport, send
from app.ratelimit import RateLimiter
from app.settings import Settings, get_settings
from app.validation import Checker, normalize_phone

log = logging.getLogger("dinghuo.auth")

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
LOGIN_MAX_LENGTH = 254


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    user: User


def _settings() -> Settings:
    return get_settings()


def _login_filter(login: str) -> dict[str, Any]:
    if "@" in login:
        return {"email": login.lower()}
    digits = normalize_phone(login)
    if digits.lstrip("+").isdigit():
        return {"phone": digits}
    return {"username": login.lower()}


def check_new_password(checker: Checker, field: str, password: str | None) -> str | None:
    """The one password policy, for registration, change, reset and the CLI."""
    if not password:
        checker.add(field, ErrorCode.REQUIRED, f"{field} is required.")
        return None
    if len(password) < PASSWORD_MIN_LENGTH:
        checker.add(
            field,
            ErrorCode.PASSWORD_TOO_WEAK,
            f"{field} must be at least {PASSWORD_MIN_LENGTH} characters.",
        )
    elif len(password) > PASSWORD_MAX_LENGTH:
        checker.add(field, ErrorCode.TOO_LONG, f"{field} must be at most {PASSWORD_MAX_LENGTH} characters.")
    elif len(set(password)) < 4:
        checker.add(field, ErrorCode.PASSWORD_TOO_WEAK, f"{field} is too easy to guess.")
    return password


# The wait after the per-(login, address) allowance is spent: it doubles with each further failure.
FIRST_LOGIN_DELAY_SECONDS = 2


@dataclass(frozen=True)
class _LoginThrottle:
    """Failed logins count per (login, address), where a growing wait follows the allowance, so a
    stranger's guesses slow the stranger and not the owner elsewhere; per login across addresses
    under a higher ceiling; and per address across logins (one client trying many accounts)."""

    pair: str
    wait: str
    account: str
    address: str | None

    @classmethod
    def of(cls, login: str, client_address: str | None) -> _LoginThrottle:
        name = login.lower()
        pair = f"{name}|{client_address or '-'}"
        return cls(
            pair=f"login:pair:{pair}",
            wait=f"login:wait:{pair}",
            account=f"login:account:{name}",
            address=f"login:address:{client_address}" if client_address else None,
        )


def _too_many_attempts(retry_after: int) -> UserInputError:
    return UserInputError.single(
        ("input", "login"),
        ErrorCode.TOO_MANY_ATTEMPTS,
        f"Too many failed logins; try again in {retry_after} seconds.",
    )


async def _refuse_if_throttled(limiter: RateLimiter, throttle: _LoginThrottle) -> None:
    settings = _settings()
    waiting, retry_after = await limiter.count(throttle.wait)
    if waiting:
        raise _too_many_attempts(retry_after)
    ceilings = [(throttle.account, settings.login_failures_per_account)]
    if throttle.address:
        ceilings.append((throttle.address, settings.login_failures_per_address))
    for key, limit in ceilings:
        count, retry_after = await limiter.count(key)
        if count >= limit:
            raise _too_many_attempts(retry_after)


async def _record_failure(limiter: RateLimiter, throttle: _LoginThrottle) -> None:
    settings = _settings()
    window = settings.login_failure_window
    failures = await limiter.hit(throttle.pair, window)
    for key in (throttle.account, throttle.address):
        if key:
            await limiter.hit(key, window)
    beyond_allowance = failures - settings.login_failures_per_account_address
    if beyond_allowance >= 0:
        await limiter.hit(throttle.wait, min(FIRST_LOGIN_DELAY_SECONDS * 2**beyond_allowance, window))


async def _open_session(user: User, client_address: str | None) -> IssuedTokens:
    settings = _settings()
    now = utc_now()
    refresh_token = credentials.new_secret()
    session = await AuthSession.create(
        user=user,
        refresh_token_hash=credentials.digest(refresh_token),
        expires_at=now + timedelta(seconds=settings.refresh_token_ttl),
        client_address=client_address,
    )
    access_token, expires_at = credentials.issue_access_token(settings, user_id=user.id, session_id=session.id, now=now)
    return IssuedTokens(access_token, expires_at, refresh_token, user)


async def login(
    login: str | None, password: str | None, client_address: str | None, limiter: RateLimiter
) -> IssuedTokens:
    """Opens a session; failed attempts are throttled in `limiter` (see _LoginThrottle)."""
    checker = Checker()
    login = checker.text("login", login, max_length=LOGIN_MAX_LENGTH, required=True)
    if not password:
        checker.add("password", ErrorCode.REQUIRED, "password is required.")
    elif len(password) > PASSWORD_MAX_LENGTH:
        checker.add("password", ErrorCode.TOO_LONG, f"password must be at most {PASSWORD_MAX_LENGTH} characters.")
    checker.raise_if_any()
    assert login is not None and password is not None

    settings = _settings()
    throttle = _LoginThrottle.of(login, client_address)
    await _refuse_if_throttled(limiter, throttle)

    user = await User.get_or_none(**_login_filter(login))
    if user is None:
        await credentials.spend_verification_time(settings, password)
        verified = False
    else:
        verified = await credentials.verify_password(settings, user.password_hash, password)
    if not verified:
        await _record_failure(limiter, throttle)
        raise UserInputError.single(
            ("input", "login"), ErrorCode.INVALID_CREDENTIALS, "The login or password is incorrect."
        )
    assert user is not None
    if not user.is_active:
        raise UserInputError.single(
            ("input", "login"), ErrorCode.USER_DISABLED, "This user has been disabled by its organization."
        )
    await limiter.reset(throttle.pair)
    user.last_login_at = utc_now()
    update_fields = ["last_login_at"]
    if credentials.needs_rehash(settings, user.password_hash):
        user.password_hash = await credentials.hash_password(settings, password)
        update_fields.append("password_hash")
    await user.save(update_fields=update_fields)
    return await _open_session(user, client_address)


def _invalid_refresh_token() -> UserInputError:
    return UserInputError.single(
        ("input", "refreshToken"),
        ErrorCode.INVALID_TOKEN,
        "The refresh token is invalid, expired or revoked; log in again.",
    )


async def refresh(refresh_token: str | None) -> IssuedTokens:
    """Exchange a refresh token for new tokens; the old refresh token stops working, and
    presenting it again ends the session (see RetiredRefreshToken)."""
    if not refresh_token or len(refresh_token) > 256:
        raise _invalid_refresh_token()
    settings = _settings()
    now = utc_now()
    presented = credentials.digest(refresh_token)
    new_refresh_token = credentials.new_secret()
    async with in_transaction():
        session = await AuthSession.get_or_none(refresh_token_hash=presented).select_related("user")
        rotated = session is not None and await _rotate(session, presented, credentials.digest(new_refresh_token))
    if not rotated:
        await _end_session_if_reused(presented)
        raise _invalid_refresh_token()
    assert session is not None
    access_token, expires_at = credentials.issue_access_token(
        settings, user_id=session.user_id, session_id=session.id, now=now
    )
    return IssuedTokens(access_token, expires_at, new_refresh_token, session.user)


async def _rotate(session: AuthSession, presented: str, replacement: str) -> bool:
    if session.revoked_at is not None or session.expires_at <= utc_now() or not session.user.is_active:
        return False
    rotated = await AuthSession.filter(id=session.id, refresh_token_hash=presented, revoked_at=None).update(
        refresh_token_hash=replacement
    )
    if rotated == 0:
        return False
    await RetiredRefreshToken.create(session_id=session.id, token_hash=presented)
    return True


async def _end_session_if_reused(presented: str) -> None:
    retired = await RetiredRefreshToken.get_or_none(token_hash=presented)
    if retired is None:
        return
    ended = await AuthSession.filter(id=retired.session_id, revoked_at=None).update(revoked_at=utc_now())
    if ended:
        log.warning("a rotated refresh token was presented again; session %s ended", retired.session_id)
        await announce(PrincipalChange(session_id=retired.session_id))


async def logout(principal: Principal, *, all_sessions: bool = False) -> None:
    require_user(principal)
    if all_sessions:
        assert principal.user_id is not None, "a signed-in user's principal carries its id"
        await _revoke_sessions(principal.user_id)
        await announce(PrincipalChange(user_id=principal.user_id))
    else:
        await AuthSession.filter(id=principal.session_id, revoked_at=None).update(revoked_at=utc_now())
        await announce(PrincipalChange(session_id=principal.session_id))


async def revoke_sessions(user_id: int) -> None:
    """Ends every session of the user (deactivation); `announce` the change once it committed."""
    await _revoke_sessions(user_id)


async def _revoke_sessions(user_id: int, keep_session_id: int | None = None) -> None:
    query = AuthSession.filter(user_id=user_id, revoked_at=None)
    if keep_session_id is not None:
        query = query.exclude(id=keep_session_id)
    await query.update(revoked_at=utc_now())


async def change_password(principal: Principal, current: str | None, new: str | None) -> User:
    """Other sessions are signed out; the one making the change stays."""
    require_user(principal)
    checker = Checker()
    if not current:
        checker.add("currentPassword", ErrorCode.REQUIRED, "currentPassword is required.")
    new = check_new_password(checker, "newPassword", new)
    checker.raise_if_any()
    assert current is not None and new is not None
    settings = _settings()
    user = await User.get(id=principal.user_id)
    if len(current) > PASSWORD_MAX_LENGTH or not await credentials.verify_password(
        settings, user.password_hash, current
    ):
        raise UserInputError.single(
            ("input", "currentPassword"), ErrorCode.INVALID_CREDENTIALS, "The current password is incorrect."
        )
    user.password_hash = await credentials.hash_password(settings, new)
    async with in_transaction():
        await user.save(update_fields=["password_hash"])
        await _revoke_sessions(user.id, keep_session_id=principal.session_id)
    await announce(PrincipalChange(user_id=user.id))
    return user


async def request_password_reset(login: str | None, transport: Transport) -> None:
    """Always answers the same way, so the answer never tells whether an account exists."""
    checker = Checker()
    login = checker.text("login", login, max_length=LOGIN_MAX_LENGTH, required=True)
    checker.raise_if_any()
    assert login is not None
    user = await User.get_or_none(**_login_filter(login))
    if user is None or not user.is_active:
        return
    await send_password_reset(user, transport)


async def send_password_reset(user: User, transport: Transport) -> None:
    """A single-use reset token to the user's email (else phone); the request above and an admin send it."""
    settings = _settings()
    token = credentials.new_secret()
    await PasswordResetToken.create(
        user=user,
        token_hash=credentials.digest(token),
        expires_at=utc_now() + timedelta(seconds=settings.password_reset_ttl),
    )
    minutes = settings.password_reset_ttl // 60
    await send(
        Message(
            kind="password_reset",
            channel="email" if user.email else "sms",
            recipient=user.email or user.phone or user.username or str(user.id),
            subject="Reset your Dinghuo password",
            body=f"Your password reset token is {token}. It works once, within {minutes} minutes.",
            user_id=user.id,
        ),
        transport,
    )


async def reset_password(token: str | None, new_password: str | None) -> User:
    checker = Checker()
    if not token:
        checker.add("token", ErrorCode.REQUIRED, "token is required.")
    new_password = check_new_password(checker, "newPassword", new_password)
    checker.raise_if_any()
    assert token is not None and new_password is not None
    invalid = UserInputError.single(
        ("input", "token"), ErrorCode.INVALID_TOKEN, "The reset token is invalid, expired or already used."
    )
    if len(token) > 256:
        raise invalid
    now = utc_now()
    settings = _settings()
    password_hash = await credentials.hash_password(settings, new_password)
    async with in_transaction():
        reset = await PasswordResetToken.get_or_none(token_hash=credentials.digest(token))
        if reset is None or reset.expires_at <= now:
            raise invalid
        claimed = await PasswordResetToken.filter(id=reset.id, used_at=None).update(used_at=now)
        if claimed == 0:
            raise invalid
        user = await User.get(id=reset.user_id)
        user.password_hash = password_hash
        await user.save(update_fields=["password_hash"])
        await _revoke_sessions(user.id)
    await announce(PrincipalChange(user_id=user.id))
    return user


async def principal_for_bearer(token: str, cache: PrincipalCache | None = None) -> Principal:
    """The caller a bearer token names; raises NotAuthenticated with the reason it does not.
    With `cache`, a token seen in the last few seconds costs no query (app/accounts/principal_cache.py)."""
    if cache is None:
        principal, _ = await _load_principal(token)
        return principal
    key = credentials.digest(token)
    cached = cache.get(key)
    if cached is not None:
        return cached
    generation = cache.generation
    principal, token_expires_at = await _load_principal(token)
    cache.put(key, principal, generation, token_expires_at)
    return principal


async def _load_principal(token: str) -> tuple[Principal, float | None]:
    """The principal and when its token expires (an app token: never)."""
    if token.startswith(credentials.API_TOKEN_PREFIX):
        return await _app_principal(token), None
    claims = credentials.read_access_token(_settings(), token)
    session = await AuthSession.get_or_none(id=claims.session_id, user_id=claims.user_id).select_related(
        "user__organization"
    )
    if session is None or session.revoked_at is not None:
        raise NotAuthenticated("The session has ended; log in again.")
    if not session.user.is_active:
        raise NotAuthenticated("This user has been disabled.")
    return await principal_for_user(session.user, session_id=session.id), claims.expires_at


async def principal_for_user(user: User, session_id: int | None = None) -> Principal:
    """The caller a user is; `user.organization` must be loaded."""
    grants = await UserRole.filter(user_id=user.id).values_list("role", "approval_level")
    return Principal(
        kind="user",
        user_id=user.id,
        organization_id=user.organization_id,
        can_sell=user.organization.can_sell,
        can_buy=user.organization.can_buy,
        roles=frozenset(Role(role) for role, _ in grants),
        approval_level=max((level for _, level in grants if level is not None), default=None),
        session_id=session_id,
    )


async def _app_principal(token: str) -> Principal:
    api_token = await ApiToken.get_or_none(token_hash=credentials.digest(token)).select_related("organization")
    if api_token is None or api_token.revoked_at is not None:
        raise NotAuthenticated("The API token is invalid or revoked.")
    if api_token.disabled_at is not None:
        raise NotAuthenticated("The app is disabled; its organization's admin can enable it again.")
    return Principal(
        kind="app",
        organization_id=api_token.organization_id,
        api_token_id=api_token.id,
        can_sell=api_token.organization.can_sell,
        can_buy=api_token.organization.can_buy,
        scopes=frozenset(Scope(s) for s in api_token.scopes if s in Scope._value2member_map_),
    )


async def principal_for_header(authorization: str | None, cache: PrincipalCache | None = None) -> Principal:
    if not authorization:
        return ANONYMOUS
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("The Authorization header must be 'Bearer <token>'.")
    return await principal_for_bearer(token.strip(), cache)


async def create_api_token(organization_id: int, name: str, scopes: list[str]) -> str:
    unknown = [s for s in scopes if s not in Scope._value2member_map_]
    if unknown:
        raise UserInputError.single(
            ("input", "scopes"),
            ErrorCode.INVALID,
            f"Unknown scope(s) {', '.join(unknown)}; known: {', '.join(s.value for s in Scope)}.",
        )
    token = credentials.API_TOKEN_PREFIX + credentials.new_secret()
    await ApiToken.create(
        organization_id=organization_id,
        name=name,
        token_hash=credentials.digest(token),
        scopes=sorted(set(scopes)),
    )
    return token
