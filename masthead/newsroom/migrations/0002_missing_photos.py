"""The picture desk and the editors see and settle the photos a WordPress import could not
get (the admin's Missing photos); the editor-in-chief, who has every permission, gets these
too, as they came after the roles were made."""

from django.db import migrations


MISSING_PHOTOS = ["wordpress.view_missingphoto", "wordpress.change_missingphoto"]
GRANTS = {
    "Picture desk": MISSING_PHOTOS,
    "Editor": MISSING_PHOTOS,
    "Editor-in-chief": [
        f"wordpress.{action}_{model}"
        for model in ("importeditem", "missingphoto", "importedcomment", "importrun")
        for action in ("add", "change", "delete", "view")
    ],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("wordpress")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, dotted in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for permission in dotted:
            app_label, codename = permission.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_roles"),
        ("wordpress", "0002_comments_published"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
