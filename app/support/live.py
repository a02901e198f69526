"""Which live service-thread events a subscriber may receive: those of threads it may see now."""

from __future__ import annotations

from app.accounts.models import CustomerAccount
from app.accounts.permissions import Principal, require_authenticated, sees_customer_account
from app.errors import ErrorCode, UserInputError
from app.events.delivery import LiveEvent
from app.support.models import ServiceThread
from app.support.threads import visible_threads


async def require_visible_thread(principal: Principal, thread_id: int) -> None:
    require_authenticated(principal)
    if not await visible_threads(principal).filter(id=thread_id).exists():
        raise UserInputError.single("threadId", ErrorCode.NOT_FOUND, "No such thread.")


async def thread_seen_by(principal: Principal, event: LiveEvent, thread_id: int | None = None) -> ServiceThread | None:
    """The thread as stored after the event, or None when the caller may not see it."""
    if not event.kind.startswith("service_thread.") or (thread_id is not None and event.subject_id != thread_id):
        return None
    if principal.organization_id not in (event.supplier_id, event.buyer_id) or event.customer_account_id is None:
        return None
    account_id = event.customer_account_id
    account = await event.shared(f"account:{account_id}", lambda: CustomerAccount.get_or_none(id=account_id))
    if account is None or not sees_customer_account(
        principal, account.supplier_id, account.buyer_id, account.sales_rep_id
    ):
        return None
    return await event.shared(f"thread:{event.subject_id}", lambda: ServiceThread.get_or_none(id=event.subject_id))
