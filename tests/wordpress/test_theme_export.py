"""WordPress's theme unit test export, imported as a newsroom would, checked against the file."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from masthead.core.models import StandardPage
from masthead.news.models import ArticlePage, HomePageFeatured, NewsImage, SectionPage, Topic
from masthead.wordpress.models import ImportedComment, ImportedItem, MissingPhoto

from .exports import THEME_EXPORT, theme_items, write_media

pytestmark = pytest.mark.django_db

PHOTO = re.compile(r"\.(jpe?g|png|gif|webp)$", re.I)
# Two photos the test has files for; every other one is missing, as on a machine that cannot
# reach the old site.
GIVEN = ["2008/06/canola2.jpg", "2013/03/image-alignment-580x300.jpg"]


def gmt(value):
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def run_import(tmp_path, capsys, *extra):
    call_command("import", "wordpress", str(THEME_EXPORT), *extra)
    return capsys.readouterr().out


@pytest.fixture
def media_dir(tmp_path):
    return write_media(tmp_path / "uploads", GIVEN)


def imported(kind, wp_id):
    return ImportedItem.objects.get(kind=kind, wp_id=int(wp_id))


def test_theme_export_comes_in_whole_and_a_second_run_adds_nothing(
    demo, client, tmp_path, capsys, media_dir
):
    items = theme_items()
    posts = [i for i in items if i["post_type"] == "post" and i["status"] != "trash"]
    pages = [i for i in items if i["post_type"] == "page"]
    photos = [
        i for i in items if i["post_type"] == "attachment" and PHOTO.search(i["attachment_url"])
    ]
    approved = [
        c
        for i in posts + pages
        for c in i["comments"]
        if c["comment_approved"] == "1" and c.get("comment_type") not in ("pingback", "trackback")
    ]
    articles_before = ArticlePage.objects.count()

    out = run_import(tmp_path, capsys, "--media-dir", str(media_dir))

    # Counts, against the file.
    assert ImportedItem.objects.filter(kind="post").count() == len(posts)
    assert ArticlePage.objects.count() == articles_before + len(posts)
    assert ImportedItem.objects.filter(kind="page").count() == len(pages)
    assert StandardPage.objects.filter(
        pk__in=ImportedItem.objects.filter(kind="page").values("page")
    ).count() == len(pages)
    assert ImportedItem.objects.filter(kind="attachment").count() == len(photos)
    assert ImportedComment.objects.count() == len(approved)
    assert re.search(rf"posts\s+{len(posts)}\s+\({len(posts)} created\)", out)
    assert re.search(rf"comments\s+{len(approved)}\s", out)
    report_file = Path(re.search(r"This report is kept in (\S+)", out).group(1))
    assert report_file.read_text() == out

    # Photos: alt text and caption from the attachment; the two given files are real, every
    # other photo a stand-in the picture desk finds, with its caption kept.
    canola = next(i for i in photos if i["attachment_url"].endswith("/canola2.jpg"))
    photo = imported("attachment", canola["post_id"]).image
    assert photo.description == canola["meta"]["_wp_attachment_image_alt"]
    assert photo.caption == canola["excerpt"].strip()
    assert photo.width == 640 and not MissingPhoto.objects.filter(image=photo).exists()
    missing = MissingPhoto.objects.filter(resolved_at=None)
    assert missing.count() == len(photos) - len(GIVEN)
    for row in missing:
        source = next(i for i in photos if int(i["post_id"]) == row.wp_id)
        assert row.image.caption == source["excerpt"].strip()
        assert row.file_url == source["attachment_url"]
        assert f"#{row.wp_id} {row.file_url}" in out

    # A post's blocks: its [caption]ed and plain images placed where they were, with their
    # captions; its words in paragraphs.
    alignment = next(i for i in posts if i["post_name"] == "markup-image-alignment")
    article = imported("post", alignment["post_id"]).page.specific
    images = [b.value for b in article.body if b.block_type == "image"]
    assert len(images) == len(re.findall(r"<img ", alignment["content"]))
    captions = re.findall(r"\[caption[^\]]*\].*?/>\s*(.*?)\[/caption\]", alignment["content"], re.S)
    assert [v["caption"] for v in images if v["caption"]] == [
        re.sub(r"<[^>]+>", "", c).strip() for c in captions
    ]
    centred = images[0]["image"]
    assert (
        centred.pk
        == imported(
            "attachment",
            next(
                i["post_id"]
                for i in photos
                if i["attachment_url"].endswith("image-alignment-580x300.jpg")
            ),
        ).image_id
    )
    assert article.body[0].block_type == "paragraph"
    assert "Welcome to image alignment!" in article.body[0].value.source

    # A gallery without ids shows the post's attached photos, in their order.
    gallery = next(i for i in posts if i["post_name"] == "post-format-gallery")
    attached = sorted(int(i["post_id"]) for i in photos if i["post_parent"] == gallery["post_id"])
    page = imported("post", gallery["post_id"]).page.specific
    first_gallery = []
    for block in page.body:
        if block.block_type != "image":
            break
        first_gallery.append(block.value["image"].pk)
    assert first_gallery == [imported("attachment", i).image_id for i in attached]

    # A comment thread: threaded, dated and named as in the file; emails never shown.
    thread_post = max(posts, key=lambda i: sum(c["comment_parent"] != "0" for c in i["comments"]))
    for source in thread_post["comments"]:
        if source["comment_approved"] != "1" or source.get("comment_type") in (
            "pingback",
            "trackback",
        ):
            continue
        comment = ImportedComment.objects.get(wp_id=int(source["comment_id"]))
        assert comment.page_id == imported("post", thread_post["post_id"]).page_id
        assert comment.author_name == source["comment_author"].strip()
        assert comment.created_at == gmt(source["comment_date_gmt"])
        parent = source["comment_parent"]
        assert (comment.parent.wp_id if comment.parent else 0) == int(parent)
    assert ImportedComment.objects.filter(parent__isnull=False).exists()
    # Readers see that thread under the story, with the names it had, replies inside the
    # comment they answer (past the site's deepest level, inside that comment's own thread),
    # and never an email.
    story = imported("post", thread_post["post_id"]).page
    discussion = BeautifulSoup(client.get(f"/comments/{story.pk}/").content, "html.parser")
    rows = ImportedComment.objects.filter(page=story).select_related("parent", "comment")
    assert rows.filter(parent__parent__parent__isnull=False).exists()  # deeper than allowed
    for row in rows:
        shown = discussion.find(id=f"comment-{row.comment_id}")
        assert shown is not None, row.author_name
        assert shown.find(class_="comment__author").get_text() == row.author_name
        answered, thread = row.parent, []
        while answered is not None:
            thread.append(answered.comment_id)
            answered = answered.parent
        assert row.comment.parent_id == (thread[0] if thread else None) or (
            row.comment.parent_id in thread and row.comment.depth == 3
        )
        if row.comment.parent_id:
            assert shown.find_parent(id=f"comment-{row.comment.parent_id}") is not None
        if row.author_email:
            assert row.author_email not in str(discussion)

    # A standard page keeps its photos where they were, each with its alt text, caption and
    # credit.
    alignment_page = next(i for i in pages if i["title"] == "Page Image Alignment")
    served = BeautifulSoup(
        client.get(imported("page", alignment_page["post_id"]).page.url).content, "html.parser"
    )
    shown = served.select(".rich-text img")
    assert len(shown) == len(re.findall(r"<img ", alignment_page["content"]))
    text = served.select_one(".rich-text").get_text()
    for img in shown:
        photo = NewsImage.objects.get(renditions__file=img["src"].split("/media/", 1)[1])
        assert img["alt"] == (photo.description or photo.title)
        assert photo.caption in text and (not photo.credit or f"({photo.credit})" in text)

    # Dates: first published from post_date_gmt, updated from post_modified_gmt.
    for source in posts:
        page = imported("post", source["post_id"]).page.specific
        if source["status"] == "publish":
            assert page.live
            assert page.first_published_at == gmt(source["post_date_gmt"])
            assert page.published_at == gmt(source["post_date_gmt"])
            modified = source.get("post_modified_gmt", "")
            if (
                modified
                and not modified.startswith("0000")
                and gmt(modified) > gmt(source["post_date_gmt"])
            ):
                assert page.updated_at == gmt(modified)
        elif source["status"] == "future":
            assert not page.live and page.go_live_at == gmt(source["post_date_gmt"])
            assert page.latest_revision.approved_go_live_at == gmt(source["post_date_gmt"])
        else:
            assert not page.live, source["status"]

    # Sticky posts are the front page's picks.
    sticky = {imported("post", i["post_id"]).page_id for i in posts if i["is_sticky"] == "1"}
    assert sticky and sticky <= set(HomePageFeatured.objects.values_list("article_id", flat=True))

    # Top-level categories are sections; tags are topics.
    assert SectionPage.objects.filter(slug="classic").exists()
    assert (
        Topic.objects.filter(slug="comments-2").exists()
        or Topic.objects.filter(name="comments").exists()
    )

    # Again: nothing added, everything unchanged.
    counts = table_counts()
    again = run_import(tmp_path, capsys, "--media-dir", str(media_dir))
    assert table_counts() == counts
    assert f"({len(posts)} unchanged)" in again
    assert "created" not in again


def table_counts():
    tables = (ArticlePage, StandardPage, NewsImage, ImportedComment, Topic, SectionPage)
    tables += (HomePageFeatured, ImportedItem, MissingPhoto)
    return {model.__name__: model.objects.count() for model in tables}
