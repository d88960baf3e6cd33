import pytest

from masthead.live.models import LiveBlogPage
from tests import factories


@pytest.fixture
def live_page(demo):
    """A live page as the newsroom makes it: free to read, under World, published."""
    return factories.make_article(
        model=LiveBlogPage,
        title="Ceasefire talks: live",
        paragraphs=["What we know so far."],
        access_level="free",
    )


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]
