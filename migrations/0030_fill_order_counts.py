from tortoise import migrations
from tortoise.migrations import operations as ops

# The SQL of app.orders.counts.rebuild as it was when this migration was written: a migration keeps
# working after the code it came with changes.
FILL_SQL = (
    "INSERT INTO order_counts (customer_account_id, status, orders) "
    "SELECT customer_account_id, status, COUNT(*) FROM orders GROUP BY customer_account_id, status"
)


async def fill_order_counts(apps, schema_editor) -> None:
    """A database that already holds orders gets their counts once."""
    await schema_editor.client.execute_script(FILL_SQL)


async def empty_order_counts(apps, schema_editor) -> None:
    await schema_editor.client.execute_script("DELETE FROM order_counts")


class Migration(migrations.Migration):
    dependencies = [('models', '0029_order_counts')]

    initial = False

    operations = [
        ops.RunPython(fill_order_counts, empty_order_counts),
    ]
