"""The demo front page as an editor arranges it: the seed article leads, and the sections'
blocks come in the newsroom's order and sizes (the top stories are left to the newest)."""

from masthead.news.models import SectionPage

# (section slug, size, number of stories), from the top of the page down.
SECTION_BLOCKS = [
    ("israel-and-the-region", "large", 4),
    ("world", "standard", 4),
    ("opinion", "compact", 5),
    ("business", "standard", 4),
    ("jewish-times", "compact", 4),
]

STRAPLINE = "News from Israel, the Middle East and the Jewish world"


def arrange(home, lead):
    """Lead with `lead` and lay out the sections' blocks, once: a front page an editor has
    arranged since is left as it is."""
    if home.lead_story_id is not None or len(home.section_blocks):
        return
    sections = {section.slug: section for section in SectionPage.objects.child_of(home)}
    home.lead_story = lead
    # Under the site name, and the front page's description for search engines.
    home.strapline = home.strapline or STRAPLINE
    home.section_blocks = [
        ("section", {"section": sections[slug], "size": size, "stories": count})
        for slug, size, count in SECTION_BLOCKS
        if slug in sections
    ]
    home.save_revision().publish()
