"""A crawl of the admin as each newsroom role: every admin page a role reaches by following
links answers without a server error, each role reaches what its job needs, and is refused
what it must not do."""

import html
import re
from collections import defaultdict, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from masthead.accounts.models import Member
from masthead.alerts.models import Alert
from masthead.comments.models import Comment
from masthead.news.models import NewsImage, SectionPage
from masthead.newsletters.models import DAILY_EDITION_SLUG, Edition, Newsletter
from masthead.newsroom import roles
from tests import factories

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
# Pages of one kind (an edit page, a listing with one set of options) tried at most this
# often: the crawl sees every kind of page without walking every story.
PER_KIND = 2
# A GET that changes something, or leaves the admin.
SKIP = re.compile(r"/logout/|[?&]export=|/second-factor/")
# Any quoted address in the admin: links, and the menu, which is JSON for its script.
ADDRESS = re.compile(r"""["'](/admin/[^"'\s<>{}]*)["']""")


def kind(url):
    """Pages of one kind share their path with numbers blanked and their query's names."""
    parts = urlsplit(url)
    names = sorted(p.split("=")[0] for p in parts.query.split("&") if p)
    return re.sub(r"\d+", "N", parts.path), tuple(names)


def links(page):
    for match in ADDRESS.finditer(page):
        url = urldefrag(html.unescape(match.group(1)).replace("\\u0026", "&"))[0]
        if not SKIP.search(url):
            yield url


def crawl(client):
    """Follow every admin address from /admin/ (GET only); return what each answered and
    the addresses that failed with a server error, with why."""
    seen, answers, failures = {"/admin/"}, {}, {}
    kinds = defaultdict(int)
    queue = deque(["/admin/"])
    while queue and len(answers) < MAX_PAGES:
        url = queue.popleft()
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001 - every error is a finding, named below
            failures[url] = f"{type(error).__name__}: {error}"
            continue
        answers[url] = response.status_code
        if response.status_code >= 500:
            failures[url] = f"HTTP {response.status_code}"
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for found in links(response.content.decode(errors="replace")):
            if found in seen:
                continue
            seen.add(found)
            if kinds[kind(found)] < PER_KIND:
                kinds[kind(found)] += 1
                queue.append(found)
    return answers, failures


@pytest.fixture
def newsroom(demo):
    """What the admin has on a working day: a story (published, a draft submitted for
    approval), a section, a photo, a comment waiting, an alert and today's edition."""
    reporter = Member.objects.get(email="reporter@masthead.localhost")
    draft = factories.make_article(title="Draft submitted for approval", publish=False)
    draft.owner = reporter
    draft.save_revision(user=reporter)
    draft.get_workflow().start(draft, reporter)
    reader = Member.objects.create_user("crawl-reader@example.com", display_name="Reader")
    comment = Comment.objects.create(
        article=demo["seed"], author=reader, text="A comment to moderate.", status="pending"
    )
    alert = Alert.objects.create(
        article=demo["seed"],
        title="A breaking alert",
        url=demo["seed"].url,
        topic="crawl",
        state=Alert.State.DONE,
        recipients=2,
        delivered=1,
        failed=1,
    )
    daily = Newsletter.objects.get(slug=DAILY_EDITION_SLUG)
    edition = Edition.objects.create(
        newsletter=daily, date=timezone.localtime(timezone.now(), daily.zone).date()
    )
    edition.stories.create(article=demo["seed"], sort_order=0)
    return {
        "seed": demo["seed"],
        "draft": draft,
        "section": SectionPage.objects.get(slug="world"),
        "photo": NewsImage.objects.filter(credit__gt="").first(),
        "comment": comment,
        "alert": alert,
        "edition": edition,
    }


def member_in(role):
    member = Member.objects.create_user(
        f"crawl-{role.lower().replace(' ', '-')}@newsroom.example", is_staff=True
    )
    member.groups.add(Group.objects.get(name=role))
    return member


def on_home(client):
    """The addresses the dashboard offers: the menu and the newsroom home's rows."""
    return set(links(client.get("/admin/").content.decode()))


def opens(client, url):
    """The page opens for this member (after any redirect), not bounced to the dashboard."""
    response = client.get(url, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    return response.status_code == 200 and urlsplit(final).path != "/admin/"


def refused(client, url):
    """Wagtail refuses by sending back to the dashboard (or a 403 for a plain view)."""
    response = client.get(url)
    return response.status_code == 403 or (
        response.status_code == 302 and urlsplit(response["Location"]).path != url
    )


@pytest.mark.parametrize("role", roles.ROLES)
def test_no_admin_page_a_role_reaches_fails(client, newsroom, role):
    """Crawled from the dashboard by links alone, no admin page answers with a server error
    for any role, and the crawl reaches the seed data's own pages."""
    client.force_login(member_in(role))
    answers, failures = crawl(client)
    assert not failures, "\n".join(f"{url}: {why}" for url, why in failures.items())
    assert len(answers) > 5


def test_the_editor_in_chief_reaches_everything_the_desk_runs(client, newsroom):
    """As the demo editor (the editor-in-chief): the Newsroom menu (authors, topics), the
    settings (the wall, banned words), users and groups, every seeded thing's own page."""
    client.force_login(Member.objects.get(email="editor@masthead.localhost"))
    answers, _ = crawl(client)
    for url in (
        reverse("wagtailsnippets_news_author:list"),
        reverse("wagtailsnippets_news_topic:list"),
        reverse("wagtailsettings:edit", args=["access", "accesssettings"]),
        reverse("wagtailsettings:edit", args=["comments", "commentsettings"]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailadmin_pages:edit", args=[newsroom["draft"].pk]),
        reverse("comment_moderation:detail", args=[newsroom["comment"].pk]),
        reverse("alerts_admin:detail", args=[newsroom["alert"].pk]),
        reverse("newsletters_admin:console", args=[newsroom["edition"].pk]),
        reverse("wagtailimages:index"),
    ):
        assert url in answers and opens(client, url), url


def test_an_editor_publishes_and_runs_the_newsroom_but_not_settings_or_users(client, newsroom):
    """An editor reaches the Newsroom menu and publishes; settings and users are refused."""
    editor = member_in(roles.EDITOR)
    client.force_login(editor)
    offered = on_home(client)
    for url in (
        reverse("wagtailsnippets_news_author:list"),
        reverse("wagtailsnippets_news_topic:list"),
    ):
        assert url in offered and opens(client, url), url
    assert newsroom["seed"].permissions_for_user(editor).can_publish()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[newsroom["seed"].pk]))
    assert 'name="action-publish"' in edit.content.decode()
    assert refused(client, reverse("wagtailsettings:edit", args=["access", "accesssettings"]))
    assert refused(client, reverse("wagtailusers_users:index"))


def test_a_reporter_writes_and_submits_but_cannot_publish(client, newsroom):
    """A reporter edits a story and sees "Submit for approval", never "Publish"; creating a
    topic is allowed, editing the wall's settings is not."""
    reporter = member_in(roles.REPORTER)
    client.force_login(reporter)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[newsroom["seed"].pk])).content
    assert b"action-submit" in page and b'name="action-publish"' not in page
    assert not newsroom["seed"].permissions_for_user(reporter).can_publish()
    assert client.get(reverse("wagtailsnippets_news_topic:add")).status_code == 200
    assert refused(client, reverse("wagtailadmin_pages:unpublish", args=[newsroom["seed"].pk]))
    assert refused(client, reverse("wagtailsettings:edit", args=["access", "accesssettings"]))


def test_the_picture_desk_reaches_images_only(client, newsroom):
    """The picture desk edits a photo's credit and caption; pages and comments are refused."""
    client.force_login(member_in(roles.PICTURE_DESK))
    assert reverse("wagtailimages:index") in on_home(client)
    assert opens(client, reverse("wagtailimages:index"))
    photo_page = client.get(reverse("wagtailimages:edit", args=[newsroom["photo"].pk]))
    assert photo_page.status_code == 200
    assert b'name="credit"' in photo_page.content and b'name="caption"' in photo_page.content
    assert refused(client, reverse("wagtailadmin_pages:edit", args=[newsroom["seed"].pk]))
    assert refused(client, reverse("comment_moderation:index"))


def test_the_moderator_moderates_comments_and_nothing_else(client, newsroom):
    """A moderator reaches the queue and the waiting comment; pages, images and settings are
    refused."""
    client.force_login(member_in(roles.MODERATOR))
    offered = on_home(client)
    for url in (
        reverse("comment_moderation:index"),
        reverse("comment_moderation:detail", args=[newsroom["comment"].pk]),
    ):
        assert url in offered and opens(client, url), url
    assert refused(client, reverse("wagtailadmin_pages:edit", args=[newsroom["seed"].pk]))
    assert refused(client, reverse("wagtailimages:index"))
    assert refused(client, reverse("wagtailsettings:edit", args=["comments", "commentsettings"]))
