from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DATELINE = models.CharField(
    blank=True, help_text='Place and agency the report was filed from: "KHARTOUM, Sudan (AP)"', max_length=200
)


# SQLite adds a NOT NULL column by rebuilding the table, and the rebuild would recreate the PostgreSQL-only
# full-text index (to_tsvector) that 0003 keeps off SQLite: there a plain ADD COLUMN with a default does the job.
def add_column(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(article._meta.db_table)} "
            "ADD COLUMN \"dateline\" varchar(200) NOT NULL DEFAULT ''"
        )
        return
    field = DATELINE.clone()
    field.set_attributes_from_name("dateline")
    schema_editor.add_field(article, field)


def drop_column(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    article = apps.get_model("articles", "Article")
    schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(article._meta.db_table)} DROP COLUMN \"dateline\"")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_article_search_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[migrations.AddField(model_name="article", name="dateline", field=DATELINE)],
        )
    ]
