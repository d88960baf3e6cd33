"""Small exports written for one case each: credits, bylines, SEO, the wall and the site's
outputs, bad input."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from masthead.news.models import ArticlePage, NewsImage
from masthead.wordpress.models import ImportedItem, MissingPhoto

from .exports import attachment, export, post, write_media

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquartz"  # a word only in a story's gated part


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def run(path, capsys, *options):
    call_command("import", "wordpress", str(path), *options)
    return capsys.readouterr().out


def article(wp_id):
    return ImportedItem.objects.get(kind="post", wp_id=wp_id).page.specific


def test_photo_credits_bylines_and_seo(db, demo, tmp_path, capsys):
    body = (
        '[caption id="attachment_21" width="640"]<img class="wp-image-21" '
        'src="https://paper.example/wp-content/uploads/2024/03/talks-640x480.jpg" /> '
        "The ministers meet (Amos Ben-Gershom/GPO)[/caption]\n\nFirst words.\n\n"
        '<!-- wp:gallery {"ids":[21,22]} --><figure></figure><!-- /wp:gallery -->\n\n[unknownthing x="1"]'
    )
    extra = (
        '<category domain="author" nicename="cap-dana"><![CDATA[dana]]></category>'
        '<category domain="author" nicename="cap-guest-writer"><![CDATA[Guest Writer]]></category>'
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>22</wp:meta_value></wp:postmeta>"
        "<wp:postmeta><wp:meta_key>_yoast_wpseo_title</wp:meta_key>"
        "<wp:meta_value><![CDATA[%%title%% %%sep%% %%sitename%%]]></wp:meta_value></wp:postmeta>"
        "<wp:postmeta><wp:meta_key>_yoast_wpseo_metadesc</wp:meta_key>"
        "<wp:meta_value><![CDATA[What the ministers said.]]></wp:meta_value></wp:postmeta>"
    )
    credit_meta = (
        "<wp:postmeta><wp:meta_key>_media_credit</wp:meta_key>"
        "<wp:meta_value><![CDATA[Reuters]]></wp:meta_value></wp:postmeta>"
    )
    path = write(
        tmp_path,
        export(
            attachment(21, 5, "2024/03/talks.jpg", "The ministers meet (Amos Ben-Gershom/GPO)"),
            attachment(22, 5, "2024/03/harbour.jpg", "The harbour at dawn", credit_meta),
            post(5, "talks", "Ministers hold talks", body, extra=extra),
        ),
    )
    media = write_media(tmp_path / "uploads", ["2024/03/talks.jpg"])
    out = run(path, capsys, "--media-dir", str(media))

    talks = ImportedItem.objects.get(kind="attachment", wp_id=21).image
    assert (talks.caption, talks.credit) == ("The ministers meet", "Amos Ben-Gershom/GPO")
    assert talks.description == "Alt of 21"
    harbour = ImportedItem.objects.get(kind="attachment", wp_id=22).image
    assert (harbour.caption, harbour.credit) == ("The harbour at dawn", "Reuters")
    # The harbour's file is not there: a stand-in keeps caption and credit, the desk is told.
    missing = MissingPhoto.objects.get(wp_id=22)
    assert missing.image == harbour and "harbour.jpg" in out

    story = article(5)
    assert story.lead_image == harbour
    assert [b.block_type for b in story.body] == [
        "image",
        "paragraph",
        "image",
        "image",
        "paragraph",
    ]
    assert story.body[0].value["image"] == talks
    assert [b.value["image"].pk for b in story.body[2:4]] == [talks.pk, harbour.pk]
    assert [b.author.name for b in story.bylines.all()] == ["Dana Levi", "Guest Writer"]
    assert story.seo_title == "Ministers hold talks – Small Paper"
    assert story.search_description == "What the ministers said."
    assert story.first_published_at.isoformat() == "2024-03-01T08:00:00+00:00"
    assert story.updated_at.isoformat() == "2024-03-02T09:30:00+00:00"
    assert "[unknownthing] in 1 item" in out
    assert '[unknownthing x="1"]' in story.body[-1].value.source  # kept as text


def test_duplicate_slugs_invalid_utf8_and_a_huge_post(db, demo, tmp_path, capsys):
    huge = "\n\n".join(f"Paragraph {n} of a very long story." for n in range(20000))
    text = export(
        post(1, "same", "First", "One."),
        post(2, "same", "Second", "Two."),
        post(3, "long", "Long", huge),
        post(4, "bad", "Caf\x00BAD\x00", "Text."),
    )
    data = text.encode().replace(b"\x00BAD\x00", b"\xff\xfe")
    out = run(write(tmp_path, data), capsys)

    first, second = article(1), article(2)
    assert (first.slug, second.slug) == ("same", "same-2")
    assert "slug 'same' already taken" in out
    assert article(4).title == "Caf\ufffd\ufffd"
    assert re.search(r"Invalid UTF-8: 2 byte\(s\) replaced", out)
    assert len(article(3).body) == 20000


def test_dry_run_writes_nothing(db, demo, tmp_path, capsys):
    before = (ArticlePage.objects.count(), NewsImage.objects.count(), ImportedItem.objects.count())
    out = run(
        write(
            tmp_path, export(attachment(9, 1, "2024/03/x.jpg", "X"), post(1, "a", "A", "Words."))
        ),
        capsys,
        "--dry-run",
    )
    assert "dry run: nothing was written" in out and "posts" in out
    assert (
        ArticlePage.objects.count(),
        NewsImage.objects.count(),
        ImportedItem.objects.count(),
    ) == before
    assert "This report is kept in" not in out


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<rss><channel><title>&lol2;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: export(post(1, "a", "A", "Words."))[:-40], "is cut short at line"),
        (lambda: "<html><body>Not an export</body></html>", "is not a WordPress export"),
        (
            lambda: "<rss><channel><item><title>x</title></item></channel></rss>",
            "no <wp:wxr_version>",
        ),
        (lambda: BOMB, "XML bomb"),
        (lambda: export(post(1, "a", "A & B", "Words.")), "not well-formed XML at line"),
    ],
    ids=["truncated", "not-xml-export", "plain-rss", "billion-laughs", "invalid-xml"],
)
def test_bad_files_get_a_clear_message(db, demo, tmp_path, content, message):
    before = ArticlePage.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import", "wordpress", str(write(tmp_path, content())))
    assert ArticlePage.objects.count() == before


def test_missing_file_and_bad_sections_map(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "wordpress", str(tmp_path / "nope.xml"))
    sections = write(tmp_path, "politics = department\n", "map.txt")
    path = write(tmp_path, export(post(1, "a", "A", "Words.")))
    with pytest.raises(CommandError, match=r"map.txt, line 1"):
        call_command("import", "wordpress", str(path), "--sections", str(sections))


def test_sections_map_makes_a_category_a_topic(db, demo, tmp_path, capsys):
    sections = write(tmp_path, "# ours\npolitics = topic\n", "map.txt")
    run(write(tmp_path, export(post(1, "a", "A", "Words."))), capsys, "--sections", str(sections))
    story = article(1)
    assert [t.name for t in story.topics.all()] == ["Politics"]
    assert story.get_parent().slug == "archive"


def test_imported_stories_keep_the_wall_and_reach_search_feeds_and_sitemaps(
    db, demo, tmp_path, capsys, client, django_capture_on_commit_callbacks
):
    paragraphs = "\n\n".join(
        [f"Harbourmaster lead paragraph {n}." for n in range(4)] + [f"The {SECRET} detail."]
    )
    path = write(tmp_path, export(post(1, "harbour-talks", "Harbourmaster talks", paragraphs)))
    with django_capture_on_commit_callbacks(execute=True):
        run(path, capsys)
    story = article(1)
    assert story.access_level == ""  # the site's default: the wall decides

    page = client.get(story.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Harbourmaster lead paragraph 0." in html and SECRET not in html

    results = client.get("/search/", {"q": "Harbourmaster"}).content.decode()
    assert f'href="{story.url}"' in results and SECRET not in results
    feed = client.get("/feeds/rss/").content.decode()
    assert "Harbourmaster talks" in feed and SECRET not in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert story.url in sitemap


def test_a_story_imported_later_shows_on_pages_read_before(db, demo, tmp_path, capsys, client):
    """Stories written in batches send no publish signal: the front page and feeds kept
    from before an import (its section and author already there) show them once it ends."""
    older = post(1, "harbour-talks", "Harbourmaster talks", "Talks begin.")
    run(write(tmp_path, export(older)), capsys)
    kept = {url: client.get(url).content.decode() for url in ("/", "/feeds/rss/")}
    just_now = (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S")
    newer = post(2, "harbour-reopens", "Harbour reopens", "Ships sail.", date=just_now)
    run(write(tmp_path, export(older, newer), name="later.xml"), capsys)
    for url, before in kept.items():
        assert "Harbour reopens" not in before
        assert "Harbour reopens" in client.get(url).content.decode(), url


def test_a_report_names_the_first_missing_photos_and_counts_the_rest(db, demo, tmp_path, capsys):
    """An archive imported without its files has as many missing photos as photos: the
    report names the first 200 and counts the others; the admin's list has every one."""
    photos = [attachment(100 + n, 0, f"2024/03/harbour-{n}.jpg", f"Quay {n}.") for n in range(230)]
    out = run(write(tmp_path, export(*photos)), capsys)
    assert "Missing photos: 230 " in out
    assert len(re.findall(r"^  #\d+ https://paper\.example/", out, re.M)) == 200
    assert "… and 30 more, every one listed under Missing photos." in out
    assert MissingPhoto.objects.count() == 230
