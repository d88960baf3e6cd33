"""The blocks an article body is made of."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from .admin.widgets import PhotoChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


def require_credit(image):
    """Refuse a photo without a credit: a newsroom never prints an uncredited photo."""
    if image is not None and not (image.credit or "").strip():
        raise ValidationError(
            f'The photo "{image.title}" has no credit. Choose it again to add its credit '
            "in the chooser."
        )


class CreditedImageBlock(blocks.StructBlock):
    # Its chooser marks photos without a credit and asks for the credit before using one.
    image = PhotoChooserBlock()
    caption = blocks.TextBlock(
        required=False, help_text="Leave empty to use the photo's own caption."
    )

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            require_credit(value.get("image"))
        except ValidationError as error:
            raise blocks.StructBlockValidationError(block_errors={"image": error}) from error
        return value


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "news/blocks/pull_quote.html"


class StoryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="news/blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(
        max_length=120, icon="title", template="news/blocks/subheading.html"
    )
    image = CreditedImageBlock()
    pull_quote = PullQuoteBlock()
    embed = EmbedBlock(icon="media", template="news/blocks/embed.html")
    wall = blocks.StaticBlock(
        label="Wall here",
        icon="lock",
        admin_text="Readers who are not signed in stop here (for registered-level articles).",
    )


class FrontSectionBlock(blocks.StructBlock):
    """A section's block on the front page: which section, how large, how many stories."""

    SIZES = [
        ("large", "Large: photos and standfirsts, two to a row"),
        ("standard", "Standard: a photo and a standfirst per story"),
        ("compact", "Compact: headlines only"),
    ]

    section = blocks.PageChooserBlock(page_type="news.SectionPage")
    size = blocks.ChoiceBlock(choices=SIZES, default="standard")
    stories = blocks.IntegerBlock(
        min_value=1, max_value=12, default=4, help_text="How many of its newest stories."
    )

    class Meta:
        icon = "list-ul"
        label = "Section block"


class FrontPageBlocks(blocks.StreamBlock):
    section = FrontSectionBlock()
