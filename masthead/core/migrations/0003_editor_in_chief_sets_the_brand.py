"""The editor-in-chief (the newsroom's role with every permission) sets the brand, as every
other setting: its permissions did not exist when the role was made."""

from django.db import migrations

EDITOR_IN_CHIEF = "Editor-in-chief"
ACTIONS = ("add", "change", "view")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("core")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    chief = Group.objects.filter(name=EDITOR_IN_CHIEF).first()
    if chief is not None:
        chief.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="core",
                codename__in=[f"{action}_brandsettings" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_brand_settings"),
        ("newsroom", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
