import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from . import colours, generation


class StandardPage(Page):
    """A plain page the newsroom edits: terms and conditions, about us, contact."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "image"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["news.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = "standard page"


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def validate_hex_colour(value):
    if not HEX_COLOUR.fullmatch(value or ""):
        raise ValidationError("Give the colour as # and six hexadecimal digits, e.g. #0b5cad.")


@register_setting(icon="palette")
class BrandSettings(ClusterableModel, BaseSiteSetting):
    """The publication's look, per site: its logo, its colours, the footer's pages and its
    social accounts. Saving it starts a new page-cache generation: every page shows it."""

    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header, 40 pixels high (upload it at least 80 high). "
        "Without one, the site's name is shown with the M mark.",
    )
    accent = models.CharField(
        "brand colour",
        max_length=7,
        default=colours.DEFAULT_ACCENT,
        validators=[validate_hex_colour],
        help_text="Links, section names and highlights on the light theme. It must be dark "
        "enough to read on white (contrast 4.5:1 at least).",
    )
    accent_dark = models.CharField(
        "brand colour, dark theme",
        max_length=7,
        default=colours.DEFAULT_ACCENT_DARK,
        validators=[validate_hex_colour],
        help_text="The same on the dark theme: light enough to read on its near-black "
        "background (contrast 4.5:1 at least).",
    )
    footer_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="One line under the footer's links, e.g. the publisher's name and city.",
    )

    panels = [
        FieldPanel("logo"),
        MultiFieldPanel([FieldPanel("accent"), FieldPanel("accent_dark")], heading="Colours"),
        InlinePanel("footer_pages", heading="Footer pages", label="Page"),
        InlinePanel("social_links", heading="Social accounts", label="Account"),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = "brand"

    def clean(self):
        super().clean()
        errors = {}
        for field, background, theme in (
            ("accent", colours.LIGHT_PAPER, "white"),
            ("accent_dark", colours.DARK_PAPER, "the dark theme's background"),
        ):
            value = getattr(self, field)
            if HEX_COLOUR.fullmatch(value or ""):
                ratio = colours.contrast(value, background)
                if ratio < colours.MINIMUM_CONTRAST:
                    errors[field] = (
                        f"{value} is too hard to read on {theme}: contrast {ratio:.1f}:1, "
                        f"at least {colours.MINIMUM_CONTRAST}:1 is needed."
                    )
        if errors:
            raise ValidationError(errors)


class FooterPage(Orderable):
    setting = ParentalKey(BrandSettings, related_name="footer_pages", on_delete=models.CASCADE)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        max_length=60, blank=True, help_text="The link's text; the page's title if empty."
    )

    panels = [FieldPanel("page"), FieldPanel("label")]


class SocialLink(Orderable):
    setting = ParentalKey(BrandSettings, related_name="social_links", on_delete=models.CASCADE)
    name = models.CharField(max_length=40, help_text="As readers know it: Instagram, YouTube.")
    url = models.URLField("address")

    panels = [FieldPanel("name"), FieldPanel("url")]


@receiver(post_save, sender=BrandSettings)
@receiver(post_save, sender=FooterPage)
@receiver(post_save, sender=SocialLink)
def forget_pages_on_brand_change(**kwargs):
    """The logo, the colours and the footer are on every page: a new generation."""
    generation.purge_all()
