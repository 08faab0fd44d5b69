from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Frozen copy of claims.roles.ROLE_PERMISSIONS as it stood when this migration landed: a migration must do the same
# thing forever, whatever later happens to the live table (which post_migrate's sync_role_groups applies).
_VIEW = [
    "articles.view_article",
    "articles.view_source",
    "articles.view_passage",
    "claims.view_claim",
    "claims.view_evidence",
    "claims.view_reviewevent",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    "editor": [
        *_VIEW,
        "articles.add_article",
        "articles.add_source",
        "articles.reprocess_article",
        "claims.assign_claim",
        "claims.publish_claim",
    ],
    "reviewer": [*_VIEW, "claims.review_claim"],
    "moderator": [
        *_VIEW,
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.reprocess_article",
        "articles.add_source",
        "articles.change_source",
        "articles.delete_source",
        "claims.change_claim",
        "claims.review_claim",
        "claims.assign_claim",
        "claims.publish_claim",
        "claims.change_evidence",
    ],
}


def create_roles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally created after all migrations; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(permission_model.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
