"""GET /exports/statements/{customerAccountId}.xlsx|.csv?from=YYYY-MM-DD&to=YYYY-MM-DD

The statement as a file, with the same bearer token and the same visibility as the GraphQL
`statement` query (`customerAccountId` is the account's global ID). A missing or foreign
account answers 404, a bad period 400, a missing or bad token 401.

GET /exports/sell-through-template/{supplierId}.xlsx: the sell-through report template, one row per
SKU the caller (a buyer's ADMIN or PURCHASER) may report to that supplier; a supplier the caller
does not report to answers 404.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.accounts.auth import principal_for_header
from app.errors import ErrorCode, NotAuthenticated, PermissionDenied, UserInputError
from app.ledger import statements
from app.sellthrough import sheets
from app.tabular import write_csv, write_xlsx
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
    body = write_xlsx(tables) if file_format == "xlsx" else write_csv(tables).encode("utf-8-sig")
    name = f"statement-{found.account.id}-{period_from}-{period_to}.{file_format}"
    return Response(
        body, media_type=MEDIA_TYPES[file_format], headers={"content-disposition": f'attachment; filename="{name}"'}
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
    return Response(
        write_xlsx({"sell-through": rows}),
        media_type=MEDIA_TYPES["xlsx"],
        headers={"content-disposition": 'attachment; filename="sell-through-template.xlsx"'},
    )


ROUTES = [
    Route("/exports/statements/{account}.{format:str}", export_statement, methods=["GET"]),
    Route("/exports/sell-through-template/{supplier}.xlsx", export_sell_through_template, methods=["GET"]),
]
