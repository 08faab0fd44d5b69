import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.expressions
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# The full-text index on articles_article was created in raw SQL by claims/0003_search_indexes (PostgreSQL only).
# From here on articles' model state owns it. The database side only creates it where it is missing, so databases
# that ran claims/0003 are untouched (no rebuild, no lock), a fresh database gets it whichever of the two migrations
# runs first, and SQLite, which has neither GIN nor to_tsvector, has none, as before.
SEARCH_INDEX = django.contrib.postgres.indexes.GinIndex(
    models.Func(
        models.Value("english"),
        django.db.models.expressions.CombinedExpression(
            django.db.models.expressions.CombinedExpression(
                models.F("title"), "||", models.Value(" "), output_field=models.TextField()
            ),
            "||",
            models.F("body"),
            output_field=models.TextField(),
        ),
        function="to_tsvector",
        output_field=django.contrib.postgres.search.SearchVectorField(),
    ),
    name="article_search_gin",
)


def create_if_missing(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    with schema_editor.connection.cursor() as cursor:
        existing = schema_editor.connection.introspection.get_constraints(cursor, article._meta.db_table)
    if SEARCH_INDEX.name not in existing:
        schema_editor.add_index(article, SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_article_index_buckets")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                # Reversing leaves the index to claims/0003, whose own reversal drops it.
                migrations.RunPython(create_if_missing, migrations.RunPython.noop),
            ],
            state_operations=[migrations.AddIndex(model_name="article", index=SEARCH_INDEX)],
        )
    ]
