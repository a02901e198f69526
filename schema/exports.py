"""GET /exports/statements/{customerAccountId}.xlsx|.csv?from=YYYY-MM-DD&to=YYYY-MM-DD

The statement as a file, with the same bearer token and the same visibility as the GraphQL
`statement` query (`customerAccountId` is the account's global ID). A missing or foreign
account answers 404, a bad period 400, a missing or bad token 401.

GET /exports/sell-through-template/{supplierId}.xlsx: the sell-through report template, one row per
SKU the caller (a buyer's ADMIN or PURCHASER) may report to that supplier; a supplier the caller
does not report to answers 404.

GET /exports/products|customers|orders.xlsx|.csv (orders: ?from=&to=&status=APPROVED,SHIPPED) and
GET /exports/templates/products|customers.xlsx|.csv: the supplier's bulk files (app/imports), the same
columns its imports read; 403 for a caller who may not have them.

GET /exports/reports/{overview|breakdown|products|customers}.xlsx?from=…&to=…[&granularity=DAY|WEEK|MONTH]
[&dimension=PRODUCT|…][&sortBy=SALES|QUANTITY|ORDERS][&atRiskOnly=true]: an analytics view as a
workbook, with the same figures and visibility as `salesAnalytics`: a caller without analytics
answers 403, a bad argument 400.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.accounts.auth import principal_for_header
from app.errors import ErrorCode, NotAuthenticated, PermissionDenied, UserInputError
from app.imports.exports import ExportKind, export_tables, template_tables
from app.ledger import statements
from app.orders.models import OrderStatus
from app.reports import export as reports
from app.reports.breakdowns import Dimension, Measure
from app.reports.overview import Granularity
from app.reports.scope import SalesScope, sales_scope
from app.sellthrough import sheets
from app.tabular import Tables, write_csv, write_xlsx
from schema.ids import parse_id

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)


def _account_pk(global_id: str) -> int | None:
    parsed = parse_id(global_id)
    return parsed[1] if parsed and parsed[0] == "CustomerAccount" else None


async def export_statement(request: Request) -> Response:
    file_format = request.path_params["format"]
    if file_format not in MEDIA_TYPES:
        return _error(404, "Statements export as .xlsx or .csv.")
    try:
        principal = await principal_for_header(request.headers.get("authorization"))
        period_from = date.fromisoformat(request.query_params.get("from", ""))
        period_to = date.fromisoformat(request.query_params.get("to", ""))
        account_pk = _account_pk(request.path_params["account"])
        found = await statements.statement(principal, account_pk, period_from, period_to) if account_pk else None
    except NotAuthenticated as error:
        return _error(401, str(error))
    except ValueError:
        return _error(400, "from and to must be dates (YYYY-MM-DD).")
    except UserInputError as error:
        return _error(400, str(error))
    if found is None:
        return _error(404, "No such customer account.")
    tables = await statements.export_rows(found)
    return _file(tables, file_format, f"statement-{found.account.id}-{period_from}-{period_to}")


def _file(tables: Tables, file_format: str, stem: str) -> Response:
    titled = len(tables) > 1  # a one-table file is read back by the imports as it is
    body = write_xlsx(tables) if file_format == "xlsx" else write_csv(tables, titled=titled).encode("utf-8-sig")
    return Response(
        body,
        media_type=MEDIA_TYPES[file_format],
        headers={"content-disposition": f'attachment; filename="{stem}.{file_format}"'},
    )


async def export_sell_through_template(request: Request) -> Response:
    parsed = parse_id(request.path_params["supplier"])
    try:
        principal = await principal_for_header(request.headers.get("authorization"))
        if parsed is None or parsed[0] != "Organization":
            raise UserInputError.single("supplierId", ErrorCode.NOT_FOUND, "No such supplier.")
        rows = await sheets.template_rows(principal, parsed[1])
    except NotAuthenticated as error:
        return _error(401, str(error))
    except PermissionDenied as error:
        return _error(403, str(error))
    except UserInputError:
        return _error(404, "No such supplier.")
    return _file({"sell-through": rows}, "xlsx", "sell-through-template")


def _day(request: Request, name: str) -> date | None:
    text = request.query_params.get(name)
    return date.fromisoformat(text) if text else None


def _statuses(request: Request) -> tuple[OrderStatus, ...]:
    text = request.query_params.get("status", "")
    return tuple(OrderStatus(part.strip().upper()) for part in text.split(",") if part.strip())


async def export_bulk(request: Request) -> Response:
    file_format, kind_name = request.path_params["format"], request.path_params["kind"]
    if file_format not in MEDIA_TYPES or kind_name not in ExportKind.__members__.values():
        return _error(404, "Exports are products, customers or orders, as .xlsx or .csv.")
    kind = ExportKind(kind_name)
    try:
        principal = await principal_for_header(request.headers.get("authorization"))
        period = {"period_from": _day(request, "from"), "period_to": _day(request, "to")}
        tables = await export_tables(principal, kind, statuses=_statuses(request), **period)
    except NotAuthenticated as error:
        return _error(401, str(error))
    except PermissionDenied as error:
        return _error(403, str(error))
    except ValueError:
        statuses = ", ".join(OrderStatus)
        return _error(400, f"from and to must be dates (YYYY-MM-DD); status a list of {statuses}.")
    return _file(tables, file_format, kind.value)


async def export_template(request: Request) -> Response:
    file_format, kind_name = request.path_params["format"], request.path_params["kind"]
    if file_format not in MEDIA_TYPES or kind_name not in (ExportKind.PRODUCTS, ExportKind.CUSTOMERS):
        return _error(404, "Templates are products or customers, as .xlsx or .csv.")
    try:
        principal = await principal_for_header(request.headers.get("authorization"))
        tables = await template_tables(principal, ExportKind(kind_name))
    except NotAuthenticated as error:
        return _error(401, str(error))
    except PermissionDenied as error:
        return _error(403, str(error))
    return _file(tables, file_format, f"{kind_name}-template")


def _choice(request: Request, name: str, kind, default):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise UserInputError.single(name, ErrorCode.INVALID, f"{name} must be one of {', '.join(kind)}.") from None


async def _report_tables(view: reports.View, scope: SalesScope, request: Request) -> Tables:
    measure = _choice(request, "sortBy", Measure, Measure.SALES)
    if view is reports.View.OVERVIEW:
        return await reports.overview_tables(scope, _choice(request, "granularity", Granularity, Granularity.DAY))
    if view is reports.View.BREAKDOWN:
        return await reports.breakdown_tables(
            scope, _choice(request, "dimension", Dimension, Dimension.PRODUCT), measure
        )
    if view is reports.View.PRODUCTS:
        return await reports.products_tables(scope, measure)
    at_risk_only = request.query_params.get("atRiskOnly", "false")
    if at_risk_only not in ("true", "false"):
        raise UserInputError.single("atRiskOnly", ErrorCode.INVALID, "atRiskOnly must be true or false.")
    return await reports.customers_tables(scope, at_risk_only == "true")


async def export_report(request: Request) -> Response:
    try:
        view = reports.View(request.path_params["view"])
    except ValueError:
        return _error(404, f"Analytics export as one of {', '.join(reports.View)}.")
    if request.path_params["format"] != "xlsx":
        return _error(404, "Analytics export as .xlsx.")
    try:
        principal = await principal_for_header(request.headers.get("authorization"))
        period_from = date.fromisoformat(request.query_params.get("from", ""))
        period_to = date.fromisoformat(request.query_params.get("to", ""))
        scope = await sales_scope(principal, period_from, period_to)
        tables = await _report_tables(view, scope, request)
    except NotAuthenticated as error:
        return _error(401, str(error))
    except PermissionDenied as error:
        return _error(403, str(error))
    except UserInputError as error:
        return _error(400, str(error))
    except ValueError:
        return _error(400, "from and to must be dates (YYYY-MM-DD).")
    return _file(tables, "xlsx", f"sales-{view.value}-{period_from}-{period_to}")


ROUTES = [
    Route("/exports/statements/{account}.{format:str}", export_statement, methods=["GET"]),
    Route("/exports/sell-through-template/{supplier}.xlsx", export_sell_through_template, methods=["GET"]),
    Route("/exports/reports/{view}.{format:str}", export_report, methods=["GET"]),
    Route("/exports/templates/{kind}.{format:str}", export_template, methods=["GET"]),
    Route("/exports/{kind}.{format:str}", export_bulk, methods=["GET"]),
]
