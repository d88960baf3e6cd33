"""What an entry of a live page is made of: the story's own blocks, fewer of them."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from masthead.news.blocks import PARAGRAPH_FEATURES, CreditedImageBlock, PullQuoteBlock


class EntryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="news/blocks/paragraph.html"
    )
    image = CreditedImageBlock()
    pull_quote = PullQuoteBlock()
    embed = EmbedBlock(icon="media", template="news/blocks/embed.html")
