from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision, Workflow

from masthead.news.models import ArticlePage, NewsRendition
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_photo_without_credit_cannot_lead_an_article(demo):
    uncredited = factories.make_photo(credit="")
    article = factories.make_article(publish=False)
    article.lead_image = uncredited
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "no credit" in str(error.value)


def test_a_photo_without_credit_cannot_be_placed_in_the_body(demo):
    uncredited = factories.make_photo(credit="  ")
    block = ArticlePage.body.field.stream_block.child_blocks["image"]
    with pytest.raises(ValidationError):
        block.clean({"image": uncredited, "caption": ""})
    credited = factories.make_photo(credit="GPO")
    assert block.clean({"image": credited, "caption": ""})["image"] == credited


def test_publishing_generates_renditions_before_any_request(
    demo, django_capture_on_commit_callbacks
):
    photo = factories.make_photo()
    assert not NewsRendition.objects.filter(image=photo).exists()
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(lead_image=photo)
    specs = set(NewsRendition.objects.filter(image=photo).values_list("filter_spec", flat=True))
    assert "width-800|format-webp" in specs
    assert "fill-800x450-c100|format-jpeg" in specs


def test_first_publish_sets_published_at(demo):
    article = factories.make_article()
    assert article.published_at is not None
    assert abs(article.published_at - timezone.now()) < timedelta(minutes=1)


def test_published_article_appears_on_front_page_section_and_feeds(client, demo):
    article = factories.make_article(
        title="An editor's new story",
        section_slug="business",
        lead_image=factories.make_photo(credit="Jane Doe/Agency"),
    )
    for url in [
        "/",
        "/business/",
        "/feeds/rss/",
        "/feeds/section/business/atom/",
        "/news-sitemap.xml",
    ]:
        html = client.get(url).content.decode()
        assert "An editor&#x27;s new story" in html or "An editor's new story" in html, url
    assert article.full_url in client.get("/sitemap.xml").content.decode()
    page = client.get(article.url).content.decode()
    assert "(Jane Doe/Agency)" in page


def test_scheduled_article_goes_live_at_its_time(client, demo):
    """The editor sets "go live at" and publishes: the story waits, then the scheduler releases it."""
    article = factories.make_article(title="Scheduled for later", publish=False)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert b"Scheduled for later" not in client.get("/world/").content
    call_command("publish_scheduled")
    assert b"Scheduled for later" not in client.get("/world/").content

    # Let the hour pass: move the scheduled time (page, revision, approval) into the past.
    past = timezone.now() - timedelta(seconds=1)
    revision = Revision.objects.get(approved_go_live_at__isnull=False, object_id=str(article.pk))
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    ArticlePage.objects.filter(pk=article.pk).update(go_live_at=past)
    call_command("publish_scheduled")
    assert b"Scheduled for later" in client.get("/world/").content


def test_reporter_submits_and_editor_approves(client, demo, reporter, editor):
    """Two-step workflow: a reporter cannot publish; an editor's approval publishes."""
    article = factories.make_article(title="Workflow story", publish=False)
    assert not article.permissions_for_user(reporter).can_publish()
    assert article.permissions_for_user(editor).can_publish()

    workflow = article.get_workflow()
    assert isinstance(workflow, Workflow)
    workflow.start(article, reporter)
    article.refresh_from_db()
    state = article.current_workflow_task_state
    assert state is not None and not article.live

    task = state.task.specific
    assert not task.user_can_access_editor(article, reporter) or not task.get_actions(
        article, reporter
    )
    task.on_action(state, editor, "approve")
    article.refresh_from_db()
    assert article.live
    assert b"Workflow story" in client.get("/world/").content


def test_reporter_sees_submit_not_publish_in_the_admin(client, demo, reporter):
    article = factories.make_article(title="Draft in admin", publish=False)
    client.force_login(reporter)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "action-submit" in html
    assert 'name="action-publish"' not in html
