"""The one schema: every context's queries and mutations, with the limits and caches."""

from __future__ import annotations

from collections.abc import Iterator

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from app.settings import Settings, get_settings
from schema.accounts import AccountsMutation, AccountsQuery
from schema.approvals import ApprovalsMutation, ApprovalsQuery
from schema.catalog import CatalogMutation, CatalogQuery
from schema.errors import ClassifyErrors
from schema.events import EventsMutation, EventsQuery, Subscription
from schema.ledger import LedgerMutation, LedgerQuery
from schema.loaders import Loaders
from schema.node import NodeQuery
from schema.orders import OrdersMutation, OrdersQuery
from schema.payments import PaymentsMutation, PaymentsQuery
from schema.pricing import PricingMutation, PricingQuery
from schema.returns import ReturnsMutation, ReturnsQuery
from schema.shipments import ShipmentsMutation, ShipmentsQuery

DOCUMENT_CACHE_SIZE = 1024


@strawberry.type
class Query(
    NodeQuery,
    AccountsQuery,
    CatalogQuery,
    PricingQuery,
    OrdersQuery,
    ApprovalsQuery,
    PaymentsQuery,
    LedgerQuery,
    ShipmentsQuery,
    ReturnsQuery,
    EventsQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountsMutation,
    CatalogMutation,
    PricingMutation,
    OrdersMutation,
    ApprovalsMutation,
    PaymentsMutation,
    LedgerMutation,
    ShipmentsMutation,
    ReturnsMutation,
    EventsMutation,
):
    pass


class FreshLoaders(SchemaExtension):
    """Loaders cache per operation: a websocket connection runs many operations on one context."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if context is not None and hasattr(context, "loaders"):
            context.loaders = Loaders()
        yield


class DinghuoSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """ClassifyErrors logs the unexpected ones; the rest are answers, not faults."""


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    # The limiters' rule classes are made once: the validation cache keys on them, and a
    # limiter built per request would make every document a cache miss.
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    return DinghuoSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[],
        extensions=[
            ClassifyErrors,
            FreshLoaders,
            lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: AddValidationRules(limit_rules),
        ],
    )
