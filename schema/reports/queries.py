"""Sales analytics over GraphQL: the query."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from app.reports.scope import sales_scope
from schema.reports.types import SalesAnalytics


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        description="数据统计 for a supplier's admins, finance and sales reps (a rep: their assigned customers "
        "only, totals included) over the days from..to in the supplier's timezone; FORBIDDEN for anyone else."
    )
    async def sales_analytics(
        self, info: strawberry.Info, from_: Annotated[date, strawberry.argument(name="from")], to: date
    ) -> SalesAnalytics:
        scope = await sales_scope(info.context.principal, from_, to)
        return SalesAnalytics(from_=from_, to=to, currency=scope.currency, scope=scope)
