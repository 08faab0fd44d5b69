from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

BUCKETS = ("index_bucket", "index_bucket_2", "index_bucket_3")
UPDATED_AT_INDEX = "articles_article_updated_at_idx"


# SQLite drops a column by rebuilding the table, and the rebuild would recreate the PostgreSQL-only full-text index
# (to_tsvector) that 0003 keeps off SQLite (the trap 0004 avoids): there the bucket indexes are dropped and the
# columns removed with plain DROP INDEX / DROP COLUMN, and the updated_at index is created directly.
def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    article = apps.get_model("articles", "Article")
    table = article._meta.db_table
    if schema_editor.connection.vendor != "sqlite":
        for name in BUCKETS:
            schema_editor.remove_field(article, article._meta.get_field(name))
        old = article._meta.get_field("updated_at")
        new = models.DateTimeField(auto_now=True, db_index=True)
        new.set_attributes_from_name("updated_at")
        new.model = article
        schema_editor.alter_field(article, old, new)
        return
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    for index_name, details in constraints.items():
        if details.get("index") and set(details.get("columns") or ()) & set(BUCKETS):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name)}")
    for name in BUCKETS:
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} DROP COLUMN {schema_editor.quote_name(name)}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(UPDATED_AT_INDEX)} "
        f"ON {schema_editor.quote_name(table)} (\"updated_at\")"
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_dateline")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, migrations.RunPython.noop)],
            state_operations=[
                *(migrations.RemoveField(model_name="article", name=name) for name in BUCKETS),
                migrations.AlterField(
                    model_name="article", name="updated_at", field=models.DateTimeField(auto_now=True, db_index=True)
                ),
            ],
        )
    ]
