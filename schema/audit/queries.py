"""The audit log over GraphQL: the query."""

from __future__ import annotations

import strawberry

from app.audit import service as audit
from app.errors import ErrorCode, UserInputError
from app.pagination import PageRequest
from schema.audit.types import AuditEntryType, AuditLogFilter, audit_entry_types
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_optional_id, parse_id


def _audit_filter(given: AuditLogFilter | None) -> audit.AuditFilter:
    if given is None:
        return audit.AuditFilter()
    subject = None
    if given.subject_id is not None:
        subject = parse_id(given.subject_id)
        if subject is None:
            raise UserInputError.single(
                ("filter", "subjectId"), ErrorCode.INVALID_ID, f"{given.subject_id!r} is not a valid ID."
            )
    return audit.AuditFilter(
        actor_user_id=decode_optional_id(given.actor_id, "User", ("filter", "actorId")),
        operation=given.operation,
        subject=subject,
        occurred_from=given.from_,
        occurred_to=given.to,
    )


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The organization's audit log, newest first: every privileged mutation of its staff and apps "
        "(admins only)."
    )
    @paginated
    async def audit_log(
        self, info: strawberry.Info, filter: AuditLogFilter | None = None, *, page: PageRequest
    ) -> Connection[AuditEntryType]:
        query = audit.entries(info.context.principal, _audit_filter(filter))
        return await connection_of(query, ("-occurred_at", "-id"), page, audit_entry_types)
