from tortoise import migrations
from tortoise.migrations import operations as ops

# Hand-added into an empty migration (`tortoise makemigrations --empty`): the catalog search and
# the order search are substring matches (`LIKE '%…%'`), which a B-tree cannot serve; on
# PostgreSQL a trigram GIN index can. Each index is on the very expression the query filters by.
# SQLite scans, which is fine at its sizes.
TRIGRAM_INDEXES = {
    "idx_products_search_text_trgm": '"products" USING gin ("search_text" gin_trgm_ops)',
    "idx_orders_number_trgm": '"orders" USING gin ((UPPER(CAST("number" AS VARCHAR))) gin_trgm_ops)',
    "idx_orders_po_number_trgm": '"orders" USING gin ((UPPER(CAST("po_number" AS VARCHAR))) gin_trgm_ops)',
}


async def add_trigram_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    await schema_editor.client.execute_script("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in TRIGRAM_INDEXES.items():
        await schema_editor.client.execute_script(f'CREATE INDEX IF NOT EXISTS "{name}" ON {target}')


async def drop_trigram_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    for name in TRIGRAM_INDEXES:
        await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0021_retired_refresh_tokens")]

    initial = False

    operations = [
        ops.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
