from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ("newsletter", "edition", "editionstory", "suppression")
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    """Wagtail's Moderators group (the editors who publish) runs the newsletters."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("newsletters")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="newsletters", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0002_daily_edition"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
