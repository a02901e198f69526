from tortoise import migrations
from tortoise.migrations import operations as ops

# The SQL of app.ledger.balances.rebuild_month_totals as it was when this migration was written: a
# migration keeps working after the code it came with changes.
FILL_SQL = {
    "postgres": "INSERT INTO ledger_month_totals (customer_account_id, month, amount) "
    "SELECT customer_account_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, SUM(amount) "
    "FROM ledger_entries GROUP BY 1, 2",
    "sqlite": "INSERT INTO ledger_month_totals (customer_account_id, month, amount) "
    "SELECT customer_account_id, strftime('%Y-%m-01', occurred_at), SUM(amount) FROM ledger_entries GROUP BY 1, 2",
}


async def fill_month_totals(apps, schema_editor) -> None:
    """A database that already holds entries gets their month totals once."""
    client = schema_editor.client
    await client.execute_script(FILL_SQL["postgres" if client.capabilities.dialect == "postgres" else "sqlite"])


async def empty_month_totals(apps, schema_editor) -> None:
    await schema_editor.client.execute_script("DELETE FROM ledger_month_totals")


class Migration(migrations.Migration):
    dependencies = [('models', '0026_ledger_month_totals')]

    initial = False

    operations = [
        ops.RunPython(fill_month_totals, empty_month_totals),
    ]
