"""A 10,000-product import through the CLI, as a supplier going live would run it.

    .venv/bin/python bench/import_bench.py                       # SQLite in a temporary file
    DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch db> .venv/bin/python bench/import_bench.py

Builds a supplier (`bench-import`, two warehouses) in the given database, which it DROPS and re-creates
first (give it a scratch database), writes a .xlsx of 10,000 products with two variants each (20,000
rows: codes, names, 20 categories, 10 brands, tags, prices, order rules, stock in both warehouses), then
times `dinghuo import products` as a subprocess: the dry run, the first import (everything created), the
same file again (nothing changed, nothing written) and a file with every price changed (every variant updated).
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_environment, recreate_postgres  # noqa: E402

SUPPLIER = "bench-import"
HEADER = (
    "productCode", "productName", "category", "brand", "tags", "published", "sku", "spec", "basePrice", "unit",
    "minOrderQuantity", "orderMultiple", "stock:BJ", "stock:SH",
)  # fmt: skip


def product_rows(products: int, cents: int = 0) -> list[tuple]:
    rows: list[tuple] = [HEADER]
    for n in range(products):
        code = f"P{n:06d}"
        for pack in (6, 24):
            rows.append(
                (
                    code, f"商品 {n} Product {n}", f"分类 {n % 20}", f"品牌 {n % 10}", "HOT" if n % 7 == 0 else "",
                    "true", f"{code}-{pack}", f"包装:{pack}瓶/箱", f"{10 + n % 90}.{(pack + cents) % 100:02d}", "箱",
                    1, 1 if pack == 24 else 6, n % 500, (n * 7) % 300,
                )
            )  # fmt: skip
    return rows


async def prepare() -> None:
    from app import wiring
    from app.accounts import service
    from app.accounts.auth import principal_for_user
    from app.accounts.models import Role, User
    from app.db import apply_migrations, close_db, ensure_database, init_db
    from app.inventory.service import create_warehouse
    from app.settings import get_settings

    settings = get_settings()
    if settings.uses_postgres:
        await recreate_postgres(settings.database_url)
    await ensure_database(settings)
    await init_db(settings)
    wiring.install()
    try:
        await apply_migrations()
        org = await service.create_organization(code=SUPPLIER, name="Bench Import", can_sell=True, can_buy=False)
        admin = await service.create_user(
            org,
            service.NewUser(name="admin", password="bench-pass-1", email="admin@bench-import.test"),
            {Role.ADMIN: None},
        )
        principal = await principal_for_user(await User.get(id=admin.id).select_related("organization"))
        for code, name in (("BJ", "Beijing"), ("SH", "Shanghai")):
            await create_warehouse(principal, code, name)
    finally:
        await close_db()


def timed_import(env: dict[str, str], path: Path, *flags: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "import", "products", str(path), "--supplier", SUPPLIER, *flags],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    args = parser.parse_args()
    env = bench_environment("import-bench")
    asyncio.run(prepare())
    from app.tabular import write_xlsx

    path = Path(tempfile.mkdtemp()) / "products.xlsx"
    started = time.perf_counter()
    path.write_bytes(write_xlsx({"products": product_rows(args.products)}))
    database = "PostgreSQL" if env["DINGHUO_DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"{database}: {args.products:,} products, {2 * args.products:,} rows, {path.stat().st_size / 1e6:.1f} MB "
          f"written in {time.perf_counter() - started:.1f} s")  # fmt: skip
    repriced = path.with_name("repriced.xlsx")
    repriced.write_bytes(write_xlsx({"products": product_rows(args.products, cents=1)}))
    steps = (("dry run", path, ("--dry-run",)), ("first import", path, ()), ("same file again", path, ()))
    for label, file, flags in (*steps, ("new prices", repriced, ())):
        elapsed, said = timed_import(env, file, *flags)
        print(f"  {label:<16} {elapsed:6.1f} s   {said}")


if __name__ == "__main__":
    main()
