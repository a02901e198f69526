from tortoise import migrations
from tortoise.migrations import operations as ops

# Hand-added into an empty migration (`tortoise makemigrations --empty`): the catalog search is a
# substring match (`search_text LIKE '%…%'`), which a B-tree cannot serve; on PostgreSQL a trigram
# GIN index can. SQLite scans, which is fine at its sizes.
TRIGRAM_INDEX = "idx_products_search_text_trgm"


async def add_trigram_search(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    await schema_editor.client.execute_script("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    await schema_editor.client.execute_script(
        f'CREATE INDEX IF NOT EXISTS "{TRIGRAM_INDEX}" ON "products" USING gin ("search_text" gin_trgm_ops)'
    )


async def drop_trigram_search(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{TRIGRAM_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0021_retired_refresh_tokens")]

    initial = False

    operations = [
        ops.RunPython(add_trigram_search, drop_trigram_search),
    ]
