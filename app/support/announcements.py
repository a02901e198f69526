"""Announcements (公告): a supplier's ADMIN writes a notice, targets all its buyers or some tiers
and groups, gives it an optional window and pins it; publishing tells each buyer it reaches.
A buyer's users see the notices that are published, inside their window and aimed at their
account, each with whether they have read it; other buyers do not learn that it exists.

Only ADMIN publishes: a notice speaks for the whole supplier to every customer, past what any
other role (a sales rep reaches only their own customers) speaks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import CustomerAccount, CustomerAccountStatus, Role
from app.accounts.permissions import Principal, require_authenticated, require_supplier_role, require_user
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.support.events import AnnouncementPublished
from app.support.models import Announcement, AnnouncementKind, AnnouncementRead
from app.tenancy import own
from app.validation import Checker

PUBLISHERS = frozenset({Role.ADMIN})
MAX_TARGETS = 20
MAX_BODY = 5000


class AnnouncementState(StrEnum):
    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    """Published, its window not yet open."""
    LIVE = "LIVE"
    EXPIRED = "EXPIRED"
    """Published, its window closed."""


@dataclass(frozen=True)
class AnnouncementInput:
    kind: AnnouncementKind
    title: str
    body: str
    target_tiers: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    pinned: bool = False
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class AnnouncementFilter:
    supplier_id: int | None = None
    unread_only: bool = False


def state_of(row: Announcement, now: datetime) -> AnnouncementState:
    if row.published_at is None:
        return AnnouncementState.DRAFT
    if row.starts_at is not None and row.starts_at > now:
        return AnnouncementState.SCHEDULED
    if row.ends_at is not None and row.ends_at <= now:
        return AnnouncementState.EXPIRED
    return AnnouncementState.LIVE


def reaches(target_tiers: list[str], target_groups: list[str], tier: str | None, group: str | None) -> bool:
    """No targets: every buyer; otherwise an account with any one of the tiers or groups."""
    if not target_tiers and not target_groups:
        return True
    return tier in target_tiers or group in target_groups


def _targets(checker: Checker, field: str, values: tuple[str, ...], max_length: int) -> list[str]:
    cleaned = sorted({value.strip() for value in values if value.strip()})
    if len(cleaned) > MAX_TARGETS:
        checker.add(field, ErrorCode.OUT_OF_RANGE, f"At most {MAX_TARGETS} {field}.")
    for value in cleaned:
        if len(value) > max_length:
            checker.add(field, ErrorCode.TOO_LONG, f"{value[:20]}…: at most {max_length} characters.")
    return cleaned


def _checked(data: AnnouncementInput) -> dict:
    checker = Checker()
    title = checker.text("title", data.title, max_length=200, required=True)
    body = checker.text("body", data.body, max_length=MAX_BODY, required=True)
    tiers = _targets(checker, "targetTiers", data.target_tiers, 32)
    groups = _targets(checker, "targetGroups", data.target_groups, 64)
    if data.starts_at is not None and data.ends_at is not None and data.ends_at <= data.starts_at:
        checker.add("endsAt", ErrorCode.INVALID, "The window ends after it starts.")
    checker.raise_if_any()
    return {
        "kind": data.kind,
        "title": title,
        "body": body,
        "target_tiers": tiers,
        "target_groups": groups,
        "pinned": data.pinned,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
    }


async def create(principal: Principal, data: AnnouncementInput) -> Announcement:
    """A draft: nobody sees it before it is published."""
    require_supplier_role(principal, PUBLISHERS)
    return await Announcement.create(
        supplier_id=principal.organization_id, created_by_id=principal.user_id, **_checked(data)
    )


async def _own(principal: Principal, announcement_id: int) -> Announcement:
    require_supplier_role(principal, PUBLISHERS)
    return await own(
        Announcement, announcement_id, principal.require_organization_id(), "announcementId", "announcement"
    )


async def update(principal: Principal, announcement_id: int, data: AnnouncementInput) -> Announcement:
    """Edits a draft or a published notice; editing tells nobody again."""
    row = await _own(principal, announcement_id)
    row.update_from_dict(_checked(data))
    await row.save()
    return row


async def _reached_accounts(row: Announcement) -> list[CustomerAccount]:
    accounts = await CustomerAccount.filter(supplier_id=row.supplier_id, status=CustomerAccountStatus.APPROVED)
    return [a for a in accounts if reaches(row.target_tiers, row.target_groups, a.tier, a.customer_group)]


async def publish(principal: Principal, announcement_id: int) -> Announcement:
    """Shows the notice (inside its window) and tells every buyer it reaches, once per publish."""
    row = await _own(principal, announcement_id)
    if row.published_at is not None:
        raise UserInputError.single(("input", "announcementId"), ErrorCode.INVALID_STATE, "Already published.")
    async with in_transaction():
        updated = await Announcement.filter(id=row.id, published_at=None).update(published_at=utc_now())
        if not updated:  # a concurrent publish got there first
            raise UserInputError.single(("input", "announcementId"), ErrorCode.INVALID_STATE, "Already published.")
        for account in await _reached_accounts(row):
            await outbox.record(
                AnnouncementPublished(
                    subject_id=row.id,
                    supplier_id=row.supplier_id,
                    buyer_id=account.buyer_id,
                    customer_account_id=account.id,
                    actor_id=principal.user_id,
                    title=row.title,
                    kind_of_notice=row.kind.value,
                )
            )
    await row.refresh_from_db()
    return row


async def unpublish(principal: Principal, announcement_id: int) -> Announcement:
    """Back to a draft: buyers no longer see it."""
    row = await _own(principal, announcement_id)
    if row.published_at is None:
        raise UserInputError.single(("input", "announcementId"), ErrorCode.INVALID_STATE, "Not published.")
    row.published_at = None
    await row.save(update_fields=["published_at", "updated_at"])
    return row


async def _received_ids(buyer_id: int, supplier_id: int | None) -> list[int]:
    """The notices of the buyer's suppliers that reach it now: two queries, the targets matched
    here (a supplier has tens or hundreds of notices, not millions)."""
    accounts = CustomerAccount.filter(buyer_id=buyer_id, status=CustomerAccountStatus.APPROVED)
    if supplier_id is not None:
        accounts = accounts.filter(supplier_id=supplier_id)
    terms = {s: (tier, group) for s, tier, group in await accounts.values_list("supplier_id", "tier", "customer_group")}
    if not terms:
        return []
    now = utc_now()
    live = await Announcement.filter(
        Q(starts_at=None) | Q(starts_at__lte=now),
        Q(ends_at=None) | Q(ends_at__gt=now),
        supplier_id__in=list(terms),
        published_at__not_isnull=True,
    ).values_list("id", "supplier_id", "target_tiers", "target_groups")
    return [pk for pk, s, tiers, groups in live if reaches(tiers, groups, *terms[s])]


async def visible_announcements(principal: Principal, wanted: AnnouncementFilter = AnnouncementFilter()) -> QuerySet:
    """A supplier's staff (and apps): all of its own notices, drafts included. A buyer's users
    (and apps): the notices that reach their organization now. A distributor: both."""
    require_authenticated(principal)
    org = principal.organization_id
    seen: list[Q] = []
    if principal.can_sell and (wanted.supplier_id is None or wanted.supplier_id == org):
        seen.append(Q(supplier_id=org))
    if principal.can_buy and org is not None:
        seen.append(Q(id__in=await _received_ids(org, wanted.supplier_id)))
    if not seen:
        return Announcement.filter(id__in=[])
    query = Announcement.filter(Q(*seen, join_type=Q.OR))
    if wanted.unread_only and principal.user_id is not None:
        read = AnnouncementRead.filter(user_id=principal.user_id).values("announcement_id")
        query = query.exclude(id__in=Subquery(read))
    return query


async def read_ids(principal: Principal, announcement_ids: list[int]) -> set[int]:
    """Which of these the caller has read, in one query."""
    if principal.user_id is None or not announcement_ids:
        return set()
    read = AnnouncementRead.filter(user_id=principal.user_id, announcement_id__in=announcement_ids)
    return {pk for (pk,) in await read.values_list("announcement_id")}


async def mark_read(principal: Principal, announcement_id: int) -> Announcement:
    """The calling user has read a notice that reaches it; reading twice changes nothing."""
    require_user(principal)
    row = await (await visible_announcements(principal)).get_or_none(id=announcement_id)
    if row is None:
        raise UserInputError.single(("input", "announcementId"), ErrorCode.NOT_FOUND, "No such announcement.")
    await AnnouncementRead.bulk_create(
        [AnnouncementRead(announcement_id=row.id, user_id=principal.user_id)], ignore_conflicts=True
    )
    return row
