import pytest
from django.core.management import call_command

from masthead.accounts.models import Member
from masthead.comments.models import Comment
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (ArticlePage.objects.count(), Member.objects.count())
    call_command("demo", "--quiet")
    assert (ArticlePage.objects.count(), Member.objects.count()) == before


def test_a_new_member_can_comment_on_the_2019_seed_article(client, demo):
    """The seed story is older than the automatic close; the demo keeps its thread open."""
    client.force_login(Member.objects.create_user("first-comment@example.com"))
    client.post(
        f"/comments/{demo['seed'].pk}/post/",
        {"text": "A first comment on the seed story.", "display_name": "First Reader"},
    )
    comment = Comment.objects.get(article=demo["seed"])
    assert comment.status == "approved"


def test_the_demo_sample_stories_are_found_by_search(client, demo):
    """They are written in bulk, without signals; the demo command indexes them itself."""
    for page in ArticlePage.objects.exclude(pk=demo["seed"].pk):
        page.delete()
    call_command("demo", "--quiet")
    sample = ArticlePage.objects.exclude(pk=demo["seed"].pk).order_by("-pk").first()
    word = max(sample.title.split(), key=len).strip("‘’'\",.:")
    response = client.get("/search/", {"q": word})
    assert sample.url in response.content.decode()  # the headline itself carries <mark>s
