"""The `dinghuo` command: serve, migrate, seed-demo, seed-bench, create-supplier, create-user,
create-api-token, auto-confirm-receipts, rebuild-totals, import, export, export-schema, export-access."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from app.settings import PROJECT_ROOT, SettingsError, get_settings

if TYPE_CHECKING:
    from app.errors import UserInputError

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"
README_FILE = PROJECT_ROOT / "README.md"


def _fail(message: str) -> NoReturn:
    print(f"dinghuo: {message}", file=sys.stderr)
    raise SystemExit(1)


async def _with_services(work: Callable[[], Awaitable[None]], *, migrated: bool = True) -> None:
    from app import wiring
    from app.db import (
        DatabaseNotMigrated,
        close_db,
        ensure_database,
        init_db,
        require_migrated,
    )
    from app.runtime import start_runtime, stop_runtime

    wiring.install()
    settings = get_settings()
    if not migrated:
        await ensure_database(settings)
    await init_db(settings)
    try:
        if migrated:
            await require_migrated()
        await start_runtime(settings)
        await work()
    except DatabaseNotMigrated as error:
        _fail(str(error))
    finally:
        await stop_runtime()
        await close_db()


def _report_user_errors(error: UserInputError) -> NoReturn:
    for field_error in error.errors:
        field = ".".join(field_error.field[1:]) if field_error.field else "-"
        print(f"  {field}: {field_error.message} ({field_error.code})", file=sys.stderr)
    raise SystemExit(1)


async def _migrate() -> None:
    from app.db import apply_migrations

    applied = await apply_migrations()
    print(f"applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "database is up to date")


def cmd_migrate(args: argparse.Namespace) -> None:
    asyncio.run(_with_services(_migrate, migrated=False))


def cmd_seed_demo(args: argparse.Namespace) -> None:
    from app.demo.seed import DEMO_PASSWORD, seed_demo

    asyncio.run(_with_services(seed_demo))
    print(f"demo data ready; every demo user's password is {DEMO_PASSWORD}")


def cmd_rebuild_totals(args: argparse.Namespace) -> None:
    from app.ledger.balances import rebuild_month_totals
    from app.orders import counts
    from app.reports import rollups

    async def rebuild() -> None:
        print(f"ledger month totals rebuilt from the entries: {await rebuild_month_totals():,} account-months")
        print(f"order counts rebuilt from the orders: {await counts.rebuild():,} account-statuses")
        print(f"sales rollups rebuilt from the orders: {await rollups.rebuild():,} rows")

    asyncio.run(_with_services(rebuild))


class _ProgressBar:
    """One line per step on stderr, redrawn in place: `orders  [#######.....]  400,000/1,000,000  52,000/s`."""

    WIDTH = 30

    def __init__(self) -> None:
        self.step: str | None = None
        self.started = time.monotonic()

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self.step:
            if self.step is not None:
                print(file=sys.stderr)
            self.step, self.started = step, time.monotonic()
        filled = self.WIDTH * done // max(total, 1)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        print(f"\r{step:<9} [{bar}] {done:,}/{total:,} {rate:,.0f}/s", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.step is not None:
            print(file=sys.stderr)


def cmd_seed_bench(args: argparse.Namespace) -> None:
    from app.demo.scale import BENCH_PASSWORD, SCALES, seed_bench

    scale = SCALES[args.scale]
    bar = _ProgressBar()

    async def work() -> None:
        try:
            await seed_bench(scale, bar)
        except ValueError as error:
            _fail(str(error))
        finally:
            bar.close()

    started = time.monotonic()
    asyncio.run(_with_services(work))
    print(
        f"scale {args.scale} ready in {time.monotonic() - started:.0f} s: {scale}; every bench user's password is {BENCH_PASSWORD}"
    )


def _parse_roles(values: list[str]):
    from app.accounts.models import Role

    roles = {}
    for value in values:
        name, _, level = value.partition(":")
        try:
            roles[Role(name.upper())] = int(level) if level else None
        except ValueError:
            _fail(f"bad role {value!r}; use one of {', '.join(r.value for r in Role)}, APPROVER:<level>")
    return roles


def cmd_create_supplier(args: argparse.Namespace) -> None:
    from app.accounts import service
    from app.accounts.models import Role
    from app.errors import UserInputError

    async def work() -> None:
        try:
            org = await service.create_organization(
                code=args.code, name=args.name, can_sell=True, can_buy=args.also_buys
            )
            await service.create_user(
                org,
                service.NewUser(name=args.admin_name, password=args.admin_password, email=args.admin_email),
                {Role.ADMIN: None},
            )
        except UserInputError as error:
            _report_user_errors(error)
        print(f"created supplier {org.code} (id {org.id}) with admin {args.admin_email}")

    asyncio.run(_with_services(work))


def cmd_create_user(args: argparse.Namespace) -> None:
    from app.accounts import service
    from app.accounts.models import Organization
    from app.errors import UserInputError

    async def work() -> None:
        org = await Organization.get_or_none(code=args.org)
        if org is None:
            _fail(f"no organization with code {args.org!r}")
        try:
            user = await service.create_user(
                org,
                service.NewUser(
                    name=args.name,
                    password=args.password,
                    email=args.email,
                    phone=args.phone,
                    username=args.username,
                ),
                _parse_roles(args.role),
            )
        except UserInputError as error:
            _report_user_errors(error)
        print(f"created user {user.email or user.phone or user.username} (id {user.id}) in {org.code}")

    asyncio.run(_with_services(work))


def cmd_create_api_token(args: argparse.Namespace) -> None:
    from app.accounts.auth import create_api_token
    from app.accounts.models import Organization
    from app.errors import UserInputError

    async def work() -> None:
        org = await Organization.get_or_none(code=args.org)
        if org is None:
            _fail(f"no organization with code {args.org!r}")
        try:
            token = await create_api_token(org.id, args.name, args.scope)
        except UserInputError as error:
            _report_user_errors(error)
        print(token)

    asyncio.run(_with_services(work))


def cmd_auto_confirm_receipts(args: argparse.Namespace) -> None:
    from app.shipments.service import auto_confirm_receipts

    async def work() -> None:
        confirmed = await auto_confirm_receipts()
        print(f"confirmed {confirmed} shipment(s) as received")

    asyncio.run(_with_services(work))


async def _supplier_admin(code: str):
    """The CLI acts as an admin of the supplier it names: whoever runs it runs the server."""
    from app.accounts.models import Organization, Role
    from app.accounts.permissions import Principal

    org = await Organization.get_or_none(code=code, can_sell=True)
    if org is None:
        _fail(f"no supplier with code {code!r}")
    return Principal(kind="user", organization_id=org.id, can_sell=True, roles=frozenset({Role.ADMIN}))


def _print_row_errors(problems) -> None:
    for problem in problems[:200]:
        print(f"  row {problem.row}, {problem.column or '-'}: {problem.message} ({problem.code})", file=sys.stderr)
    if len(problems) > 200:
        print(f"  ... and {len(problems) - 200} more", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> None:
    from app.errors import UserInputError
    from app.imports import customers, products
    from app.runtime import get_runtime

    path = Path(args.file)
    if not path.is_file():
        _fail(f"no file {args.file}")
    bar = _ProgressBar()

    async def work() -> None:
        principal = await _supplier_admin(args.supplier)
        try:
            if args.kind == "products":
                result = await products.import_products(
                    principal, path.name, path.read_bytes(), dry_run=args.dry_run, progress=bar
                )
            else:
                result = await customers.import_customers(
                    principal,
                    path.name,
                    path.read_bytes(),
                    dry_run=args.dry_run,
                    transport=get_runtime().transport,
                    progress=bar,
                )
        except UserInputError as error:
            bar.close()
            _report_user_errors(error)
        bar.close()
        if result.problems:
            print(f"{len(result.problems)} problem(s); nothing was written:", file=sys.stderr)
            _print_row_errors(result.problems)
            raise SystemExit(1)
        verb = "would create" if args.dry_run else "created"
        print(f"{args.kind}: {verb} {result.created}, {'would update' if args.dry_run else 'updated'} {result.updated}")

    asyncio.run(_with_services(work))


def _day(text: str | None):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        _fail(f"{text!r} is not a date (YYYY-MM-DD)")


def cmd_export(args: argparse.Namespace) -> None:
    from app.errors import UserInputError
    from app.imports.exports import ExportKind, export_tables
    from app.orders.models import OrderStatus
    from app.tabular import write_csv, write_xlsx

    output = Path(args.output)
    try:
        statuses = tuple(OrderStatus(s.strip().upper()) for s in (args.status or "").split(",") if s.strip())
    except ValueError:
        _fail(f"status is a list of {', '.join(OrderStatus)}")
    bar = _ProgressBar()

    async def work() -> None:
        principal = await _supplier_admin(args.supplier)
        try:
            if args.kind == "statement":
                tables = await _statement_tables(principal, args)
            else:
                period = {"period_from": _day(args.date_from), "period_to": _day(args.date_to)}
                tables = await export_tables(principal, ExportKind(args.kind), statuses=statuses, **period)
        except UserInputError as error:
            _report_user_errors(error)
        rows = sum(len(table) for table in tables.values())
        bar("export", rows, rows)
        bar.close()
        if output.suffix == ".csv":
            output.write_text(write_csv(tables, titled=len(tables) > 1), encoding="utf-8-sig")
        else:
            output.write_bytes(write_xlsx(tables))
        print(f"wrote {rows - len(tables):,} {args.kind} row(s) to {output}")

    asyncio.run(_with_services(work))


async def _statement_tables(principal, args: argparse.Namespace) -> dict[str, list[tuple]]:
    """The statement export the /exports/statements route serves, for one customer by its code."""
    from app.accounts.models import CustomerAccount
    from app.ledger import statements

    if not (args.customer and args.date_from and args.date_to):
        _fail("a statement needs --customer CODE, --from and --to")
    account = await CustomerAccount.get_or_none(
        supplier_id=principal.organization_id, code=args.customer
    ) or await CustomerAccount.get_or_none(supplier_id=principal.organization_id, buyer__code=args.customer)
    if account is None:
        _fail(f"no customer {args.customer!r} of {args.supplier}")
    found = await statements.statement(principal, account.id, _day(args.date_from), _day(args.date_to))
    assert found is not None  # the supplier's admin sees every account of its own
    return await statements.export_rows(found)


def schema_sdl() -> str:
    from schema.root import build_schema

    return build_schema().as_str() + "\n"


def cmd_export_schema(args: argparse.Namespace) -> None:
    output = Path(args.output)
    sdl = schema_sdl()
    if args.check:
        if not output.exists() or output.read_text(encoding="utf-8") != sdl:
            _fail(f"{output} is out of date; run `dinghuo export-schema`")
        print(f"{output} is up to date")
        return
    output.write_text(sdl, encoding="utf-8")
    print(f"wrote {output}")


def access_section() -> str:
    """The README's "Roles and scopes" as the access table and the event classes say."""
    import app.main  # noqa: F401  (every module whose event kinds the server knows)
    from app import outbox, wiring
    from app.accounts import access

    wiring.install()
    return access.readme_section({kind: outbox.event_class(kind).scope for kind in outbox.event_kinds()})


def cmd_export_access(args: argparse.Namespace) -> None:
    from app.accounts.access import replace_readme_section

    output = Path(args.output)
    current = output.read_text(encoding="utf-8") if output.exists() else ""
    wanted = replace_readme_section(current, access_section())
    if args.check:
        if current != wanted:
            _fail(f"the roles and scopes in {output} are out of date; run `dinghuo export-access`")
        print(f"{output} is up to date")
        return
    output.write_text(wanted, encoding="utf-8")
    print(f"wrote the roles and scopes into {output}")


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from app.db import DatabaseNotMigrated, close_db, init_db, require_migrated
    from app.operations import log_config

    settings = get_settings()

    async def check_database() -> None:
        await init_db(settings)
        try:
            await require_migrated()
        finally:
            await close_db()

    try:
        asyncio.run(check_database())
    except DatabaseNotMigrated as error:
        _fail(str(error))
    except Exception as error:  # any failure to open the database ends start-up with its reason
        _fail(f"cannot open the database {settings.database_url}: {type(error).__name__}: {error}")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        log_level=settings.log_level,
        log_config=log_config(settings),
        # The app reads X-Forwarded-For itself, from DINGHUO_TRUSTED_PROXIES only; uvicorn's
        # proxy headers would trust any client connecting from 127.0.0.1.
        proxy_headers=False,
        ws="websockets-sansio",
        # Events are a few hundred bytes, and compression is per connection: fanning one event out
        # to thousands of sockets spent a fifth of the worker compressing the same text again.
        ws_per_message_deflate=False,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dinghuo", description="Dinghuo B2B ordering server")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="worker processes (default DINGHUO_WORKERS or 1)")
    serve.set_defaults(run=cmd_serve)

    commands.add_parser("migrate", help="apply pending migrations").set_defaults(run=cmd_migrate)
    commands.add_parser("seed-demo", help="load the demo data set").set_defaults(run=cmd_seed_demo)
    bench = commands.add_parser(
        "seed-bench", help="load a large bench data set (supplier `bench`) into an empty, migrated database"
    )
    bench.add_argument("--scale", choices=("XS", "S", "M", "L"), default="S", help="L: 100,000 SKUs, 1,000,000 orders")
    bench.set_defaults(run=cmd_seed_bench)

    supplier = commands.add_parser("create-supplier", help="create a supplier and its admin")
    supplier.add_argument("--code", required=True)
    supplier.add_argument("--name", required=True)
    supplier.add_argument("--admin-email", required=True)
    supplier.add_argument("--admin-password", required=True)
    supplier.add_argument("--admin-name", default="Administrator")
    supplier.add_argument("--also-buys", action="store_true", help="the supplier also buys (B2B2B)")
    supplier.set_defaults(run=cmd_create_supplier)

    user = commands.add_parser("create-user", help="add a user to an organization")
    user.add_argument("--org", required=True, help="organization code")
    user.add_argument("--name", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--email")
    user.add_argument("--phone")
    user.add_argument("--username")
    user.add_argument("--role", action="append", default=[], help="ROLE or APPROVER:<level>; repeatable")
    user.set_defaults(run=cmd_create_user)

    token = commands.add_parser("create-api-token", help="issue an API token for a third-party app")
    token.add_argument("--org", required=True, help="organization code")
    token.add_argument("--name", required=True)
    token.add_argument("--scope", action="append", default=[], help="repeatable, e.g. customers:read")
    token.set_defaults(run=cmd_create_api_token)

    commands.add_parser(
        "auto-confirm-receipts",
        help="take as received the shipments older than their supplier's auto_confirm_receipt_days (run daily)",
    ).set_defaults(run=cmd_auto_confirm_receipts)

    commands.add_parser(
        "rebuild-totals",
        help="recompute the ledger's month totals and the order counts (after a bulk load or to verify them)",
    ).set_defaults(run=cmd_rebuild_totals)

    importer = commands.add_parser(
        "import", help="import products or customers from .xlsx/.csv (checked row by row; all or nothing)"
    )
    importer.add_argument("kind", choices=("products", "customers"))
    importer.add_argument("file")
    importer.add_argument("--supplier", required=True, help="supplier code")
    importer.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    importer.set_defaults(run=cmd_import)

    exporter = commands.add_parser("export", help="export products, customers, orders or a statement to .xlsx/.csv")
    exporter.add_argument("kind", choices=("products", "customers", "orders", "statement"))
    exporter.add_argument("--supplier", required=True, help="supplier code")
    exporter.add_argument("--from", dest="date_from", help="orders placed from / statement period start (YYYY-MM-DD)")
    exporter.add_argument("--to", dest="date_to", help="orders placed until / statement period end (YYYY-MM-DD)")
    exporter.add_argument("--status", help="orders: comma-separated statuses, e.g. APPROVED,SHIPPED")
    exporter.add_argument("--customer", help="statement: the customer's code")
    exporter.add_argument("-o", "--output", required=True, help="FILE.xlsx or FILE.csv")
    exporter.set_defaults(run=cmd_export)

    export = commands.add_parser("export-schema", help="write the GraphQL SDL to schema.graphql")
    export.add_argument("--output", default=str(SCHEMA_FILE))
    export.add_argument("--check", action="store_true", help="fail if the file differs from the code")
    export.set_defaults(run=cmd_export_schema)
    access = commands.add_parser(
        "export-access", help="write the role × operation matrix and the scope table into README.md"
    )
    access.add_argument("--output", default=str(README_FILE))
    access.add_argument("--check", action="store_true", help="fail if the README differs from the table")
    access.set_defaults(run=cmd_export_access)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        get_settings()
    except SettingsError as error:
        _fail(f"configuration error: {error}")
    args.run(args)


if __name__ == "__main__":
    main()
