"""The one schema: every domain package's queries, mutations and subscriptions, with the limits and caches."""

from __future__ import annotations

import strawberry
from starlette.datastructures import UploadFile
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
)
from strawberry.file_uploads import UploadDefinition

from app.settings import Settings, get_settings
from schema.access import guard_root_fields
from schema.accounts.mutations import AccountsMutation
from schema.accounts.queries import AccountsQuery
from schema.accounts.user_mutations import UsersMutation
from schema.approvals.mutations import ApprovalsMutation
from schema.approvals.queries import ApprovalsQuery
from schema.audit.queries import AuditQuery
from schema.carts.mutations import CartsMutation
from schema.carts.queries import CartsQuery
from schema.catalog.mutations import CatalogMutation
from schema.catalog.queries import CatalogQuery
from schema.cost import QueryCost
from schema.errors import ClassifyErrors, code_parse_error
from schema.events.mutations import EventsMutation
from schema.events.queries import EventsQuery
from schema.events.subscriptions import Subscription
from schema.imports.mutations import ImportsMutation
from schema.input_text import RefuseUnsafeText
from schema.kept import KeptValidation
from schema.ledger.mutations import LedgerMutation
from schema.ledger.queries import LedgerQuery
from schema.limits import limit_rules
from schema.node import NodeQuery
from schema.orders.mutations import OrdersMutation
from schema.orders.queries import OrdersQuery
from schema.payments.mutations import PaymentsMutation
from schema.payments.queries import PaymentsQuery
from schema.pricing.mutations import PricingMutation
from schema.pricing.queries import PricingQuery
from schema.reports.queries import ReportsQuery
from schema.returns.mutations import ReturnsMutation
from schema.returns.queries import ReturnsQuery
from schema.sellthrough.mutations import SellThroughMutation
from schema.sellthrough.queries import SellThroughQuery
from schema.shipments.mutations import ShipmentsMutation
from schema.shipments.queries import ShipmentsQuery
from schema.support.mutations import SupportMutation
from schema.support.queries import SupportQuery
from schema.telemetry import NameOperation

DOCUMENT_CACHE_SIZE = 1024


@strawberry.type
class Query(
    NodeQuery,
    AccountsQuery,
    CatalogQuery,
    PricingQuery,
    CartsQuery,
    OrdersQuery,
    ApprovalsQuery,
    PaymentsQuery,
    LedgerQuery,
    ShipmentsQuery,
    ReturnsQuery,
    SupportQuery,
    SellThroughQuery,
    ReportsQuery,
    EventsQuery,
    AuditQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountsMutation,
    UsersMutation,
    CatalogMutation,
    PricingMutation,
    CartsMutation,
    OrdersMutation,
    ApprovalsMutation,
    PaymentsMutation,
    LedgerMutation,
    ShipmentsMutation,
    ReturnsMutation,
    SupportMutation,
    SellThroughMutation,
    ImportsMutation,
    EventsMutation,
):
    pass


guard_root_fields(Query, Mutation, Subscription)


class DinghuoSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Only codes documents that failed to parse: ClassifyErrors codes and logs the rest
        (the unexpected ones are faults; everything else is an answer)."""
        for error in errors:
            code_parse_error(error)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    # The limiters' rule classes are made once: the validation cache keys on them, and a
    # limiter built per request would make every document a cache miss.
    rules = limit_rules(settings)
    return DinghuoSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[],
        scalar_overrides={UploadFile: UploadDefinition},
        extensions=[
            NameOperation,
            lambda: ClassifyErrors(show_suggestions=settings.debug),
            RefuseUnsafeText,
            lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            KeptValidation,
            lambda: AddValidationRules(rules),
            lambda: QueryCost(settings),
        ],
    )
