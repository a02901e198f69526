"""The door of every root field: the caller is checked against app/accounts/access.py before
the resolver runs, and a privileged mutation is recorded in the audit log (schema/audit). Anonymous callers of a field closed to visitors answer UNAUTHENTICATED; an
app token without the field's scope, or a user without a role listed for its side, FORBIDDEN
(a top-level error, for queries, mutations and subscriptions alike). Row-level visibility stays
in the services.
"""

from __future__ import annotations

import inspect
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension

from app.accounts.access import ROOTS, Access, audited, node_refusal
from app.accounts.permissions import Principal
from app.errors import NotAuthenticated, PermissionDenied
from schema.audit.recording import AuditTrail
from schema.ids import parse_id


class MissingAccessEntry(LookupError):
    """A root field without a line in the access table: every field must say who may call it."""


def _node_types(kwargs: dict[str, Any]) -> set[str]:
    values = kwargs.get("ids") or []
    if "id" in kwargs:
        values = [kwargs["id"]]
    parsed = (parse_id(v) if isinstance(v, str) else None for v in values)
    return {p[0] for p in parsed if p is not None}


class AccessGuard(FieldExtension):
    def __init__(self, field_name: str, access: Access):
        self.field_name = field_name
        self.access = access
        self.checks_nodes = field_name in {"node", "nodes"}

    def check(self, info: strawberry.Info, kwargs: dict[str, Any]) -> None:
        caller = info.context.caller
        if isinstance(caller, NotAuthenticated) or not caller.is_authenticated:
            if self.access.visitors:
                return
            raise caller if isinstance(caller, NotAuthenticated) else NotAuthenticated()
        principal: Principal = caller
        refusal = self.access.refusal(principal)
        if refusal is None and self.checks_nodes:
            refusal = node_refusal(principal, _node_types(kwargs))
        if refusal is not None:
            raise PermissionDenied(refusal)

    def resolve(self, next_, source, info: strawberry.Info, **kwargs):
        self.check(info, kwargs)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_, source, info: strawberry.Info, **kwargs):
        self.check(info, kwargs)
        result = next_(source, info, **kwargs)
        return await result if inspect.isawaitable(result) else result


def guard_root_fields(*root_types: type) -> None:
    """Puts the guard on every field of the root types (idempotent); a field without an entry in
    the access table stops the start-up."""
    for root_type in root_types:
        definition = root_type.__strawberry_definition__  # type: ignore[attr-defined]
        table = ROOTS[definition.name]
        for field in definition.fields:
            name = field.graphql_name or strawberry_camel(field.python_name)
            access = table.get(name)
            if access is None:
                raise MissingAccessEntry(
                    f"{definition.name}.{name} has no entry in app/accounts/access.py: say who may call it."
                )
            # The last extension is the outermost: the guard runs before any other, then the
            # audit trail of a privileged mutation around the resolver.
            field.extensions = [e for e in field.extensions if not isinstance(e, (AccessGuard, AuditTrail))]
            if definition.name == "Mutation" and audited(name):
                field.extensions.append(AuditTrail(name))
            field.extensions.append(AccessGuard(name, access))


def strawberry_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
