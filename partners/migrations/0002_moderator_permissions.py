from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# What the moderator group may do with partners, keys and webhooks, and read the admin's moderation log.
MODERATOR_PERMISSIONS = [
    "partners.view_partner",
    "partners.add_partner",
    "partners.change_partner",
    "partners.view_apikey",
    "partners.add_apikey",
    "partners.revoke_apikey",
    "partners.view_apirequestlog",
    "partners.view_articlesubmission",
    "partners.view_webhooksubscription",
    "partners.add_webhooksubscription",
    "partners.change_webhooksubscription",
    "partners.pause_webhooksubscription",
    "partners.view_webhookdelivery",
    "partners.replay_webhookdelivery",
    "admin.view_logentry",
]


def grant(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="moderator")
    permission_model = apps.get_model("auth", "Permission")
    for dotted in MODERATOR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        group.permissions.add(permission_model.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    group = apps.get_model("auth", "Group").objects.filter(name="moderator").first()
    if group is None:
        return
    for dotted in MODERATOR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("claims", "0002_desk_roles"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
