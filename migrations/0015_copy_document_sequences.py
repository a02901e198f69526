from tortoise import migrations
from tortoise.migrations import operations as ops

# The tables each kind counted in before one table counted them all; the tables go in 0016.
KIND_TABLES = {"SO": "order_sequences", "DO": "shipment_sequences", "RT": "return_sequences", "PM": "payment_sequences"}


async def copy_into_document_sequences(apps, schema_editor) -> None:
    """Every sequence keeps its last number, so the next document of each goes on from there."""
    for kind, table in KIND_TABLES.items():
        await schema_editor.client.execute_script(
            "INSERT INTO document_sequences (supplier_id, kind, year, last_number) "
            f"SELECT supplier_id, '{kind}', year, last_number FROM {table}"
        )


async def copy_back_into_kind_tables(apps, schema_editor) -> None:
    """Migrating back gives the tables of each kind their sequences again, so no number is given twice."""
    for kind, table in KIND_TABLES.items():
        await schema_editor.client.execute_script(
            f"INSERT INTO {table} (supplier_id, year, last_number) "
            f"SELECT supplier_id, year, last_number FROM document_sequences WHERE kind = '{kind}'"
        )


class Migration(migrations.Migration):
    dependencies = [("models", "0014_document_sequences")]

    initial = False

    operations = [
        ops.RunPython(copy_into_document_sequences, copy_back_into_kind_tables),
    ]
