from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class AccessLevel(models.TextChoices):
    SITE_DEFAULT = "", "Site default"
    FREE = "free", "Free: everyone reads it all"
    REGISTERED = "registered", "Registered: the lead-in for everyone, the rest for members"


@register_setting(icon="lock")
class AccessSettings(BaseGenericSetting):
    """How the registration wall behaves across the site."""

    default_level = models.CharField(
        max_length=20,
        choices=[c for c in AccessLevel.choices if c[0]],
        default=AccessLevel.REGISTERED,
        help_text="The access level of articles that do not choose their own.",
    )
    lead_in_blocks = models.PositiveSmallIntegerField(
        default=3,
        help_text="How many body blocks everyone reads before the wall, unless the article "
        "places a 'Wall here' block.",
    )

    metering_enabled = models.BooleanField(
        default=False,
        help_text="Let anonymous readers read a few whole registered-level articles first.",
    )
    meter_allowance = models.PositiveSmallIntegerField(
        default=3, help_text="Whole articles an anonymous reader may read per period."
    )
    meter_period = models.CharField(
        max_length=10,
        default="week",
        choices=[("day", "Day"), ("week", "Week"), ("month", "Month")],
    )

    class Meta:
        verbose_name = "registration wall"
