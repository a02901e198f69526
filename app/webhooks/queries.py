"""Reads of apps and webhook deliveries for the API: the lists and what a page of them shows
besides its rows, in one query each."""

from __future__ import annotations

from datetime import datetime

from tortoise.queryset import QuerySet

from app.accounts.permissions import Principal
from app.webhooks import service
from app.webhooks.models import App, DeliveryStatus, WebhookDelivery, WebhookSubscription


async def apps(principal: Principal) -> list[App]:
    """The organization's apps with their tokens, oldest first."""
    return await service.visible_apps(principal).select_related("token").order_by("id")


async def app_with_token(app_id: int) -> App:
    return await App.get(id=app_id).select_related("token")


async def subscriptions_by_app(app_ids: list[int]) -> dict[int, list[WebhookSubscription]]:
    subscriptions: dict[int, list[WebhookSubscription]] = {pk: [] for pk in app_ids}
    for subscription in await WebhookSubscription.filter(app_id__in=app_ids).order_by("id"):
        subscriptions[subscription.app_id].append(subscription)
    return subscriptions


def deliveries(
    principal: Principal, subscription_id: int | None = None, status: DeliveryStatus | None = None
) -> QuerySet[WebhookDelivery]:
    query = service.visible_deliveries(principal)
    if subscription_id is not None:
        query = query.filter(subscription_id=subscription_id)
    if status is not None:
        query = query.filter(status=status)
    return query


async def deliveries_with_event(delivery_ids: list[int]) -> dict[int, WebhookDelivery]:
    """The deliveries with their subscription and event, by id."""
    found = WebhookDelivery.filter(id__in=delivery_ids).select_related("subscription", "event")
    return {delivery.id: delivery for delivery in await found}


def next_attempt_at(delivery: WebhookDelivery) -> datetime | None:
    """None once it succeeded or gave up."""
    return delivery.next_attempt_at if delivery.status == DeliveryStatus.PENDING else None
