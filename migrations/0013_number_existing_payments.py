from tortoise import migrations
from tortoise.migrations import operations as ops


def _year(created_at) -> int:
    # PostgreSQL hands back a datetime, SQLite its text.
    return created_at.year if hasattr(created_at, "year") else int(str(created_at)[:4])


async def number_existing_payments(apps, schema_editor) -> None:
    """Payments recorded before numbering get PM- numbers in the order they were recorded."""
    client = schema_editor.client
    rows = await client.execute_query_dict(
        "SELECT id, supplier_id, created_at FROM payments WHERE number IS NULL ORDER BY id"
    )
    last: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (int(row["supplier_id"]), _year(row["created_at"]))
        last[key] = last.get(key, 0) + 1
        number = f"PM-{key[1]}-{last[key]:06d}"
        await client.execute_script(f"UPDATE payments SET number = '{number}' WHERE id = {int(row['id'])}")
    for (supplier_id, year), last_number in last.items():
        await client.execute_script(
            "INSERT INTO payment_sequences (supplier_id, year, last_number) "
            f"VALUES ({supplier_id}, {year}, {last_number})"
        )


class Migration(migrations.Migration):
    dependencies = [("models", "0012_payment_numbers")]

    initial = False

    operations = [
        ops.RunPython(number_existing_payments, ops.RunPython.noop),
    ]
