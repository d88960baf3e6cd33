"""The index follows publishing, and `masthead search reindex` rebuilds it."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_published_revision_is_found_and_unpublished_is_not(
    demo, make_article, titles, django_capture_on_commit_callbacks
):
    """A new revision's words are found once published; an unpublished story is not found."""
    article = make_article(title="Ostreva bridge opens", paragraphs=["Ostreva traffic."])
    assert titles("Ostreva") == ["Ostreva bridge opens"]
    article.title = "Ostreva bridge delayed by Plumvick"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert titles("Plumvick") == ["Ostreva bridge delayed by Plumvick"]
    article.unpublish()
    assert titles("Ostreva") == []


def test_reindex_rebuilds_the_index(demo, make_article, titles):
    """After the index is emptied, reindex makes every article findable again."""
    from wagtail.search.models import IndexEntry

    make_article(title="Trevallon vote counted")
    IndexEntry.objects.all().delete()
    assert titles("Trevallon") == []
    out, err = io.StringIO(), io.StringIO()
    call_command("search", "reindex", stdout=out, stderr=err)
    assert titles("Trevallon") == ["Trevallon vote counted"]
    assert "Indexed" in out.getvalue()
    assert "article" in err.getvalue()  # the progress bar
