"""Service threads (客户服务): a buyer's user opens a thread with a supplier (a question, a
complaint or a suggestion, optionally about one of its orders); the supplier's SERVICE staff and
admins reply; either side may close it. Status: OPEN while the supplier owes an answer,
ANSWERED once it replied last, CLOSED at the end (a closed thread takes no more messages).

Who sees a thread is who sees its customer account (a sales rep their own customers'); who
replies for the supplier is SERVICE or ADMIN; any user of the buyer may open, post and close.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import CustomerAccount, CustomerAccountStatus, Role
from app.accounts.permissions import Principal, customer_account_scope, require_user
from app.clock import utc_now
from app.errors import ErrorCode, PermissionDenied, UserInputError
from app.support import events
from app.support.models import ServiceMessage, ServiceThread, ThreadKind, ThreadStatus
from app.validation import Checker

REPLIERS = frozenset({Role.SERVICE, Role.ADMIN})
MAX_BODY = 4000

OrderOfBuyer = Callable[[int, int, int], Awaitable[bool]]
"""(order id, supplier id, buyer id) → whether that buyer placed that order with that supplier."""


async def _no_orders(order_id: int, supplier_id: int, buyer_id: int) -> bool:
    return False


_order_of_buyer: OrderOfBuyer = _no_orders


def install_order_lookup(lookup: OrderOfBuyer) -> None:
    """Ordering says which orders are a buyer's (Support may not import it)."""
    global _order_of_buyer
    _order_of_buyer = lookup


@dataclass(frozen=True)
class ThreadInput:
    supplier_id: int
    kind: ThreadKind
    subject: str
    body: str
    order_id: int | None = None


@dataclass(frozen=True)
class ThreadFilter:
    statuses: tuple[ThreadStatus, ...] = ()
    supplier_id: int | None = None


def visible_threads(principal: Principal) -> QuerySet[ServiceThread]:
    scope = customer_account_scope(principal)
    if scope is None:
        return ServiceThread.filter(id__in=[])
    return ServiceThread.filter(customer_account_id__in=Subquery(CustomerAccount.filter(scope).values("id")))


def filter_threads(query: QuerySet[ServiceThread], wanted: ThreadFilter) -> QuerySet[ServiceThread]:
    if wanted.statuses:
        query = query.filter(status__in=wanted.statuses)
    if wanted.supplier_id is not None:
        query = query.filter(supplier_id=wanted.supplier_id)
    return query


def _body(checker: Checker, value: str) -> str | None:
    return checker.text("body", value, max_length=MAX_BODY, required=True)


def _side(principal: Principal, thread: ServiceThread, account: CustomerAccount) -> bool:
    """True when the caller speaks for the supplier, False for the buyer; refuses others."""
    if principal.organization_id == account.buyer_id and principal.can_buy:
        return False
    if principal.organization_id == thread.supplier_id and principal.roles & REPLIERS:
        return True
    raise PermissionDenied("Only the buyer's users and the supplier's SERVICE staff or admins write here.")


async def _record(
    kind: type[events.ServiceThreadEvent],
    thread: ServiceThread,
    account: CustomerAccount,
    actor_id: int | None,
    from_supplier: bool,
    message: ServiceMessage | None = None,
) -> None:
    await outbox.record(
        kind(
            subject_id=thread.id,
            supplier_id=thread.supplier_id,
            buyer_id=account.buyer_id,
            customer_account_id=account.id,
            actor_id=actor_id,
            subject=thread.subject,
            status=thread.status.value,
            message_id=message.id if message else None,
            from_supplier=from_supplier,
        )
    )


async def open_thread(principal: Principal, data: ThreadInput) -> ServiceThread:
    require_user(principal)
    if not principal.can_buy:
        raise PermissionDenied("A buyer's user opens a service thread.")
    checker = Checker()
    subject = checker.text("subject", data.subject, max_length=200, required=True)
    body = _body(checker, data.body)
    checker.raise_if_any()
    account = await CustomerAccount.get_or_none(
        supplier_id=data.supplier_id, buyer_id=principal.organization_id, status=CustomerAccountStatus.APPROVED
    )
    if account is None:
        raise UserInputError.single(("input", "supplierId"), ErrorCode.NOT_FOUND, "No such supplier.")
    if data.order_id is not None and not await _order_of_buyer(data.order_id, account.supplier_id, account.buyer_id):
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    async with in_transaction():
        now = utc_now()
        thread = await ServiceThread.create(
            supplier_id=account.supplier_id,
            customer_account_id=account.id,
            order_id=data.order_id,
            kind=data.kind,
            subject=subject,
            opened_by_id=principal.user_id,
            last_message_at=now,
        )
        message = await ServiceMessage.create(
            thread=thread, author_id=principal.user_id, from_supplier=False, body=body
        )
        await _record(events.ServiceThreadOpened, thread, account, principal.user_id, False, message)
    return thread


async def _thread_for_writing(principal: Principal, thread_id: int) -> tuple[ServiceThread, CustomerAccount]:
    require_user(principal)
    thread = await visible_threads(principal).get_or_none(id=thread_id).select_related("customer_account")
    if thread is None:
        raise UserInputError.single(("input", "threadId"), ErrorCode.NOT_FOUND, "No such thread.")
    if thread.status is ThreadStatus.CLOSED:
        raise UserInputError.single(("input", "threadId"), ErrorCode.INVALID_STATE, "The thread is closed.")
    return thread, thread.customer_account


async def post(principal: Principal, thread_id: int, body: str) -> tuple[ServiceThread, ServiceMessage]:
    """A reply from either side: the supplier's makes the thread ANSWERED, the buyer's OPEN."""
    thread, account = await _thread_for_writing(principal, thread_id)
    from_supplier = _side(principal, thread, account)
    checker = Checker()
    text = _body(checker, body)
    checker.raise_if_any()
    async with in_transaction():
        message = await ServiceMessage.create(
            thread_id=thread.id, author_id=principal.user_id, from_supplier=from_supplier, body=text
        )
        thread.status = ThreadStatus.ANSWERED if from_supplier else ThreadStatus.OPEN
        thread.last_message_at = message.created_at
        await thread.save(update_fields=["status", "last_message_at"])
        await _record(events.ServiceMessagePosted, thread, account, principal.user_id, from_supplier, message)
    return thread, message


async def close(principal: Principal, thread_id: int) -> ServiceThread:
    thread, account = await _thread_for_writing(principal, thread_id)
    from_supplier = _side(principal, thread, account)
    async with in_transaction():
        thread.status = ThreadStatus.CLOSED
        thread.closed_at = utc_now()
        await thread.save(update_fields=["status", "closed_at"])
        await _record(events.ServiceThreadClosed, thread, account, principal.user_id, from_supplier)
    return thread


async def messages_of(thread_ids: list[int]) -> dict[int, list[ServiceMessage]]:
    """Each thread's messages, oldest first, with their authors: one query for the page."""
    found: dict[int, list[ServiceMessage]] = {pk: [] for pk in thread_ids}
    for message in await ServiceMessage.filter(thread_id__in=thread_ids).select_related("author").order_by("id"):
        found[message.thread_id].append(message)
    return found


def reload(thread_id: int) -> Awaitable[ServiceThread]:
    return ServiceThread.get(id=thread_id)
