from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise import migrations
from tortoise.migrations import operations as ops

# The SQL of app.reports.rollups.rebuild as it was when this migration was written: a migration keeps
# working after the code it came with changes. SQLite has no time zones in SQL: its (small) data is
# added up here.
FILL_SQL = """
INSERT INTO account_sales_months (customer_account_id, month, supplier_id, orders, sales, quantity, first_at, last_at)
SELECT o.customer_account_id, date_trunc('month', o.created_at AT TIME ZONE s.timezone)::date, o.supplier_id,
       COUNT(*), SUM(o.total), SUM(u.units), MIN(o.created_at), MAX(o.created_at)
FROM orders o JOIN organizations s ON s.id = o.supplier_id
JOIN (SELECT order_id, SUM(quantity) AS units FROM order_lines GROUP BY order_id) u ON u.order_id = o.id
WHERE o.status NOT IN ('REJECTED', 'CANCELLED')
GROUP BY 1, 2, 3;
INSERT INTO item_sales (supplier_id, kind, span, starts_on, item_id, orders, sales, quantity)
SELECT o.supplier_id, k.kind, p.span,
       CASE WHEN p.span = 'D' THEN (o.created_at AT TIME ZONE s.timezone)::date
            ELSE date_trunc('month', o.created_at AT TIME ZONE s.timezone)::date END,
       CASE k.kind WHEN 'P' THEN pr.id WHEN 'C' THEN COALESCE(pr.category_id, 0) ELSE COALESCE(pr.brand_id, 0) END,
       COUNT(DISTINCT o.id), SUM(l.line_total), SUM(l.quantity)
FROM orders o JOIN organizations s ON s.id = o.supplier_id
JOIN order_lines l ON l.order_id = o.id
JOIN variants v ON v.id = l.variant_id
JOIN products pr ON pr.id = v.product_id
CROSS JOIN (VALUES ('P'), ('C'), ('B')) AS k(kind)
CROSS JOIN (VALUES ('D'), ('M')) AS p(span)
WHERE o.status NOT IN ('REJECTED', 'CANCELLED')
GROUP BY 1, 2, 3, 4, 5;
"""
SQLITE_ORDERS = (
    "SELECT o.id, o.supplier_id, o.customer_account_id, o.created_at, o.total, s.timezone FROM orders o "
    "JOIN organizations s ON s.id = o.supplier_id WHERE o.status NOT IN ('REJECTED', 'CANCELLED')"
)
SQLITE_LINES = (
    "SELECT l.order_id, l.quantity, l.line_total, p.id AS product, p.category_id, p.brand_id FROM order_lines l "
    "JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id"
)


async def fill_sales_rollups(apps, schema_editor) -> None:
    """A database that already holds orders gets their rollups once."""
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(FILL_SQL)
        return
    lines = defaultdict(list)
    for line in await client.execute_query_dict(SQLITE_LINES):
        lines[line["order_id"]].append(line)
    accounts = {}
    items = {}
    for order in await client.execute_query_dict(SQLITE_ORDERS):
        at = datetime.fromisoformat(order["created_at"])
        day = at.astimezone(ZoneInfo(order["timezone"])).date()
        month = day.replace(day=1)
        account = accounts.setdefault(
            (order["customer_account_id"], month), [order["supplier_id"], 0, Decimal(0), 0, at, at]
        )
        account[1] += 1
        account[2] += Decimal(str(order["total"]))
        account[3] += sum(line["quantity"] for line in lines[order["id"]])
        account[4], account[5] = min(account[4], at), max(account[5], at)
        held = defaultdict(lambda: [Decimal(0), 0])
        for line in lines[order["id"]]:
            for kind, item in (("P", line["product"]), ("C", line["category_id"]), ("B", line["brand_id"])):
                held[(kind, item or 0)][0] += Decimal(str(line["line_total"]))
                held[(kind, item or 0)][1] += line["quantity"]
        for (kind, item), (sales, quantity) in held.items():
            for span, starts_on in (("D", day), ("M", month)):
                row = items.setdefault((order["supplier_id"], kind, span, starts_on, item), [0, Decimal(0), 0])
                row[0] += 1
                row[1] += sales
                row[2] += quantity
    for (account_id, month), (supplier_id, orders, sales, quantity, first, last) in accounts.items():
        await client.execute_query(
            "INSERT INTO account_sales_months (customer_account_id, month, supplier_id, orders, sales, quantity, "
            "first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [account_id, month, supplier_id, orders, str(sales), quantity, first, last],
        )
    for (supplier_id, kind, span, starts_on, item), (orders, sales, quantity) in items.items():
        await client.execute_query(
            "INSERT INTO item_sales (supplier_id, kind, span, starts_on, item_id, orders, sales, quantity) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [supplier_id, kind, span, starts_on, item, orders, str(sales), quantity],
        )


async def empty_sales_rollups(apps, schema_editor) -> None:
    await schema_editor.client.execute_script("DELETE FROM account_sales_months; DELETE FROM item_sales")


class Migration(migrations.Migration):
    dependencies = [('models', '0031_sales_rollups')]

    initial = False

    operations = [
        ops.RunPython(fill_sales_rollups, empty_sales_rollups),
    ]
