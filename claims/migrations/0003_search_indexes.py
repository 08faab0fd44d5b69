from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Expression GIN indexes for full-text search; SQLite (the embedded mode) searches with a plain scan instead.
# article_search_gin belongs to articles: since articles/0003_article_search_index it is declared in Article.Meta and
# owned by articles' migrations. This migration still runs as it landed (IF NOT EXISTS makes either order safe).
INDEXES = {
    "article_search_gin": "articles_article USING gin (to_tsvector('english', title || ' ' || body))",
    "claim_search_gin": "claims_claim USING gin (to_tsvector('english', text || ' ' || rationale))",
}


def create_indexes(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_desk_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
