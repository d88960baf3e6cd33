from django.conf import settings
from django.db import migrations


def create_daily_edition(apps, schema_editor):
    Newsletter = apps.get_model("newsletters", "Newsletter")
    Newsletter.objects.get_or_create(
        slug="daily-edition",
        defaults={
            "name": "Daily Edition",
            "description": "The day's top stories, every morning.",
            "subscribe_on_registration": True,
            "time_zone": settings.TIME_ZONE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0001_initial")]

    operations = [migrations.RunPython(create_daily_edition, migrations.RunPython.noop)]
