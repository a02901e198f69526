"""Apps, their webhook subscriptions, and signed deliveries retried with exponential backoff.

The relay writes one delivery per (subscription, event) in the transaction that publishes the
event; the dispatcher sends the due ones. A delivery is claimed with a conditional UPDATE
before it is sent, so two workers never send the same attempt, and a succeeded delivery is
never sent again unless someone asks for a redelivery.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import outbox, telemetry
from app.accounts import credentials
from app.accounts.auth import create_api_token
from app.accounts.models import ApiToken, Role
from app.accounts.permissions import Principal, Scope, require_user
from app.accounts.principal_cache import PrincipalChange, announce
from app.background import stop_loop, wait_for_event
from app.clock import utc_now
from app.db import columns_of, fetch_models, marks
from app.errors import ErrorCode, PermissionDenied, UserInputError
from app.global_ids import encode_id, public_payload
from app.outbox import OutboxEvent
from app.settings import Settings
from app.validation import Checker
from app.webhooks.models import (
    App,
    DeliveryStatus,
    WebhookDelivery,
    WebhookSubscription,
)

log = logging.getLogger("dinghuo.webhooks")

SIGNATURE_HEADER = "X-Dinghuo-Signature"
TIMESTAMP_HEADER = "X-Dinghuo-Timestamp"
DISPATCH_BATCH = 50
LEASE_MARGIN_SECONDS = 5


def required_scope(kind: str) -> Scope:
    """Which token scope an app needs to receive an event kind: the kind's own class says."""
    return Scope(outbox.event_class(kind).scope)


# --- signing ---------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`; the timestamp stops replays."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), header)


def delivery_body(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    return json.dumps(
        {
            "deliveryId": encode_id("WebhookDelivery", delivery.id),
            "eventId": str(event.id),
            "kind": event.kind,
            "subjectType": event.subject_type,
            "subjectId": encode_id(event.subject_type, event.subject_id),
            "occurredAt": event.created_at.isoformat(),
            "data": public_payload(event.payload),
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Doubling from the base after each failed attempt, never above the cap."""
    delay_ms = min(settings.webhook_backoff_base_ms * 2 ** max(attempts - 1, 0), settings.webhook_backoff_cap_ms)
    return timedelta(milliseconds=delay_ms)


# --- apps and subscriptions --------------------------------------------------------------


def _require_admin(principal: Principal) -> None:
    require_user(principal)
    if Role.ADMIN not in principal.roles:
        raise PermissionDenied("Only an organization admin manages apps and webhooks.")


async def create_app(principal: Principal, name: str | None, scopes: list[str]) -> tuple[App, str]:
    """The app and its API token, shown once."""
    _require_admin(principal)
    checker = Checker()
    name = checker.text("name", name, max_length=100, required=True)
    checker.raise_if_any()
    assert name is not None
    async with in_transaction():
        token = await create_api_token(principal.require_organization_id(), name, scopes)
        api_token = await ApiToken.get(token_hash=credentials.digest(token))
        app = await App.create(organization_id=principal.organization_id, name=name, token=api_token)
    return app, token


def visible_apps(principal: Principal) -> QuerySet[App]:
    _require_admin(principal)
    return App.filter(organization_id=principal.organization_id)


async def _own_app(principal: Principal, app_id: int) -> App:
    app = await visible_apps(principal).filter(id=app_id).select_related("token").first()
    if app is None:
        raise UserInputError.single(("input", "appId"), ErrorCode.NOT_FOUND, "No such app.")
    return app


def _check_url(checker: Checker, url: str | None) -> str | None:
    url = checker.text("targetUrl", url, max_length=500, required=True)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            checker.add("targetUrl", ErrorCode.INVALID, "targetUrl must be an http(s) URL.")
    return url


async def subscribe(
    principal: Principal, app_id: int, event_kind: str, target_url: str | None
) -> tuple[WebhookSubscription, str]:
    """A subscription and its signing secret (shown once)."""
    app = await _own_app(principal, app_id)
    checker = Checker()
    url = _check_url(checker, target_url)
    _check_kind(checker, event_kind, app)
    checker.raise_if_any()
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = await WebhookSubscription.create(app=app, event_kind=event_kind, target_url=url, secret=secret)
    return subscription, secret


async def _own_subscription(principal: Principal, subscription_id: int) -> WebhookSubscription:
    subscription = (
        await WebhookSubscription.filter(id=subscription_id, app__organization_id=principal.organization_id)
        .select_related("app__token")
        .first()
    )
    if subscription is None:
        raise UserInputError.single(("input", "subscriptionId"), ErrorCode.NOT_FOUND, "No such webhook subscription.")
    return subscription


def _check_kind(checker: Checker, event_kind: str, app: App) -> None:
    if event_kind not in outbox.event_kinds():
        checker.add("eventKind", ErrorCode.INVALID, f"Unknown event kind {event_kind!r}.")
    elif required_scope(event_kind).value not in app.token.scopes:
        checker.add(
            "eventKind", ErrorCode.INVALID, f"The app's token needs the {required_scope(event_kind).value} scope."
        )


async def update_subscription(
    principal: Principal,
    subscription_id: int,
    event_kind: str | None = None,
    target_url: str | None = None,
    active: bool | None = None,
) -> WebhookSubscription:
    """Changes what is given (kind, URL, paused or not); the secret stays. A paused subscription
    gets no new deliveries; those already owed are still sent."""
    _require_admin(principal)
    subscription = await _own_subscription(principal, subscription_id)
    checker = Checker()
    changes: dict = {}
    if target_url is not None:
        changes["target_url"] = _check_url(checker, target_url)
    if event_kind is not None:
        _check_kind(checker, event_kind, subscription.app)
        changes["event_kind"] = event_kind
    if active is not None:
        changes["active"] = active
    checker.raise_if_any()
    if changes:
        subscription.update_from_dict(changes)
        await subscription.save(update_fields=list(changes))
    return subscription


async def delete_subscription(principal: Principal, subscription_id: int) -> int:
    """Deletes the subscription and its delivery log; returns its id."""
    _require_admin(principal)
    subscription = await _own_subscription(principal, subscription_id)
    await subscription.delete()
    return subscription_id


async def set_app_disabled(principal: Principal, app_id: int, disabled: bool) -> App:
    """A disabled app's token is refused and its subscriptions get no deliveries until it is enabled."""
    app = await _own_app(principal, app_id)
    if app.token.revoked_at is not None and not disabled:
        raise UserInputError.single(
            ("input", "appId"), ErrorCode.INVALID_STATE, "The app's token was revoked; create a new app."
        )
    await ApiToken.filter(id=app.token_id).update(disabled_at=utc_now() if disabled else None)
    await app.token.refresh_from_db(fields=["disabled_at"])
    await announce(PrincipalChange(api_token_hash=app.token.token_hash))
    return app


async def revoke_app_token(principal: Principal, app_id: int) -> App:
    """Revokes the app's token for good (the app and its delivery log stay, its subscriptions get
    nothing more); a lost or leaked token is replaced by creating a new app."""
    app = await _own_app(principal, app_id)
    if app.token.revoked_at is None:
        await ApiToken.filter(id=app.token_id, revoked_at=None).update(revoked_at=utc_now())
        await app.token.refresh_from_db(fields=["revoked_at"])
        await announce(PrincipalChange(api_token_hash=app.token.token_hash))
    return app


def visible_subscriptions(principal: Principal) -> QuerySet[WebhookSubscription]:
    _require_admin(principal)
    return WebhookSubscription.filter(app__organization_id=principal.organization_id)


def visible_deliveries(principal: Principal) -> QuerySet[WebhookDelivery]:
    _require_admin(principal)
    return WebhookDelivery.filter(subscription__app__organization_id=principal.organization_id)


async def redeliver(principal: Principal, delivery_id: int) -> WebhookDelivery:
    """Sends a delivery again soon, whatever became of it; its attempts keep counting."""
    delivery = await visible_deliveries(principal).filter(id=delivery_id).first()
    if delivery is None:
        raise UserInputError.single(("input", "deliveryId"), ErrorCode.NOT_FOUND, "No such delivery.")
    delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, utc_now()
    await delivery.save(update_fields=["status", "next_attempt_at"])
    return delivery


# --- what the relay writes ---------------------------------------------------------------


async def _subscribed_to(kinds: list[str]) -> list[tuple[WebhookSubscription, App, ApiToken]]:
    """The active subscriptions to these kinds whose app's token may be used, with the app and token.
    Hand-written: the relay asks for every batch, and tortoise takes ~1 ms of CPU to build this join."""
    return await fetch_models(
        f"SELECT {columns_of(WebhookSubscription, 's')}, {columns_of(App, 'a')}, {columns_of(ApiToken, 't')}"
        " FROM webhook_subscriptions s JOIN apps a ON a.id = s.app_id JOIN api_tokens t ON t.id = a.token_id"
        f" WHERE s.active AND s.event_kind IN ({marks(len(kinds))})"
        " AND t.revoked_at IS NULL AND t.disabled_at IS NULL",
        kinds,
        (WebhookSubscription, "s"),
        (App, "a"),
        (ApiToken, "t"),
    )


async def write_deliveries(events: list[OutboxEvent]) -> int:
    """One delivery per matching active subscription and event; a repeated batch adds none."""
    subscriptions = await _subscribed_to(sorted({e.kind for e in events}))
    if not subscriptions:
        return 0
    now = utc_now()
    rows = [
        WebhookDelivery(subscription_id=s.id, event_id=e.id, next_attempt_at=now)
        for e in events
        for s, app, token in subscriptions
        if s.event_kind == e.kind
        and app.organization_id in (e.supplier_id, e.buyer_id)
        and required_scope(e.kind).value in token.scopes
    ]
    if rows:
        await WebhookDelivery.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- sending -----------------------------------------------------------------------------


class Dispatcher:
    """Sends due deliveries; woken by the relay after it wrote some, and polling otherwise."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None):
        self.settings = settings
        self.client = client or httpx.AsyncClient(timeout=settings.webhook_timeout_ms / 1000)
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.stopping = False

    def notify(self) -> None:
        self.wake.set()

    async def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def stop(self) -> None:
        self.stopping = True
        await stop_loop(self.task, self.wake)
        await self.client.aclose()

    async def _run(self) -> None:
        poll = self.settings.relay_poll_ms / 1000
        while not self.stopping:
            self.wake.clear()
            try:
                sent = await self.dispatch_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("webhook dispatch round failed")
                sent = 0
            if sent:
                continue
            await wait_for_event(self.wake, poll)

    async def dispatch_due(self) -> int:
        now = utc_now()
        due = (
            await WebhookDelivery.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .limit(DISPATCH_BATCH)
            .select_related("subscription", "event")
        )
        lease = now + timedelta(milliseconds=self.settings.webhook_timeout_ms) + timedelta(seconds=LEASE_MARGIN_SECONDS)
        claimed = []
        for delivery in due:
            won = await WebhookDelivery.filter(
                id=delivery.id, status=DeliveryStatus.PENDING, next_attempt_at=delivery.next_attempt_at
            ).update(next_attempt_at=lease)
            if won:
                claimed.append(delivery)
        await asyncio.gather(*(self._attempt(d) for d in claimed))
        return len(claimed)

    async def _attempt(self, delivery: WebhookDelivery) -> None:
        body = delivery_body(delivery)
        timestamp = str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "user-agent": "Dinghuo-Webhooks/1",
            "X-Dinghuo-Event": delivery.event.kind,
            "X-Dinghuo-Delivery": str(delivery.id),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(delivery.subscription.secret, timestamp, body),
        }
        code, error = None, None
        try:
            response = await self.client.post(delivery.subscription.target_url, content=body, headers=headers)
            code = response.status_code
            if not 200 <= code < 300:
                error = f"HTTP {code}"
        except httpx.TimeoutException:
            error = "timed out"
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
        await self._record(delivery, code, error)

    async def _record(self, delivery: WebhookDelivery, code: int | None, error: str | None) -> None:
        attempts = delivery.attempts + 1
        changes: dict = {"attempts": attempts, "response_code": code, "last_error": error}
        if error is None:
            changes.update(status=DeliveryStatus.SUCCEEDED, delivered_at=utc_now())
        elif attempts >= self.settings.webhook_max_attempts:
            changes.update(status=DeliveryStatus.FAILED)
            telemetry.WEBHOOK_FAILURES.labels("gave_up").inc()
        else:
            changes.update(next_attempt_at=utc_now() + backoff(self.settings, attempts))
            telemetry.WEBHOOK_FAILURES.labels("will_retry").inc()
        await WebhookDelivery.filter(id=delivery.id).update(**changes)
