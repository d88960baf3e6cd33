"""Load the demo: the seed article with its photos, sections, authors, topics, staff and a
small realistic archive. Every step looks before it creates, so loading twice changes nothing."""

import json
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from masthead.accounts.models import Member
from masthead.core import clock
from masthead.news.models import (
    ArticlePage,
    Author,
    NewsImage,
    SectionPage,
    Topic,
)
from masthead.news.setup import ensure_front_page
from masthead.newsroom import roles

from . import archive, corrections, front_page, live, seed, site_pages
from .images import placeholder_jpeg

SECTIONS = [
    ("Israel & the Region", "israel-and-the-region", "News from Israel and its neighbours."),
    ("World", "world", "Reporting from around the globe."),
    ("Opinion", "opinion", "Columns, analysis and letters."),
    ("Business & Innovation", "business", "Markets, startups and the economy."),
    ("Jewish Times", "jewish-times", "Jewish life around the world."),
]
AUTHORS = [
    ("Staff writer", "staff", "Masthead newsroom"),
    ("Agencies", "agencies", "Wire services"),
    ("Dana Levin", "dana-levin", "Diplomatic correspondent"),
    ("Yoav Shapira", "yoav-shapira", "Military correspondent"),
    ("Miriam Katz", "miriam-katz", "World editor"),
    ("Omar Haddad", "omar-haddad", "Arab affairs reporter"),
]
TOPICS = [
    "Iran",
    "Syria",
    "Russia",
    "Benjamin Netanyahu",
    "Israel Defense Forces",
    "Diplomacy",
    "Golan Heights",
    "Hezbollah",
    "Economy",
    "Technology",
]
SEED_SLUG = "netanyahu-holds-talks-with-russian-officials-on-syria-friction"
SEED_PUBLISHED = datetime(2019, 1, 29, 18, 32, tzinfo=timezone.get_fixed_timezone(120))
SAMPLE_ARTICLES = 24
# One demo account a role (masthead/newsroom/roles.py): username, role, first and last name.
STAFF = [
    ("editor", roles.EDITOR_IN_CHIEF, "Eve", "Editor"),
    ("desk", roles.EDITOR, "Dan", "Desk"),
    ("reporter", roles.REPORTER, "Ron", "Reporter"),
    ("picture", roles.PICTURE_DESK, "Pia", "Picture"),
    ("moderator", roles.MODERATOR, "Mo", "Moderator"),
]


def credentials_file():
    return settings.DATA_DIR / "demo-credentials.json"


def ensure_sections(home):
    sections = {}
    for title, slug, description in SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = SectionPage(
                title=title, slug=slug, description=description, show_in_menus=True
            )
            home.add_child(instance=section)
            section.save_revision().publish()
        sections[slug] = section
    return sections


def ensure_authors():
    return {
        slug: Author.objects.get_or_create(slug=slug, defaults={"name": name, "job_title": job})[0]
        for name, slug, job in AUTHORS
    }


def ensure_topics():
    return {
        slugify(name): Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in TOPICS
    }


def whole_words(text, limit):
    """`text` cut to at most `limit` characters at a word's end, never inside one."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def ensure_photo(title, caption, credit, seed_value, alt=""):
    photo = NewsImage.objects.filter(title=title).first()
    if photo is None:
        data = placeholder_jpeg(credit, seed_value)
        photo = NewsImage(
            title=title,
            caption=caption,
            credit=credit,
            description=whole_words(alt or caption, 255),
            source="Demo placeholder",
        )
        photo.file = ImageFile(_named_bytes(data, f"{slugify(title)[:60]}.jpg"))
        photo.save()
    return photo


def _named_bytes(data, name):
    import io

    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def paragraph_blocks(paragraphs):
    from django.utils.html import escape

    return [("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs]


def publish_article(
    section,
    *,
    slug,
    title,
    standfirst,
    body,
    authors,
    topics,
    published_at,
    lead_image=None,
    breaking=False,
    dateline="",
):
    article = ArticlePage.objects.filter(slug=slug).first()
    if article is not None:
        return article, False
    article = ArticlePage(
        title=title,
        slug=slug,
        standfirst=standfirst,
        body=body,
        lead_image=lead_image,
        published_at=published_at,
        breaking=breaking,
        dateline=dateline,
    )
    section.add_child(instance=article)
    for author in authors:
        article.bylines.create(author=author)
    article.topics.set(topics)
    revision = article.save_revision()
    revision.publish()
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=published_at, last_published_at=published_at
    )
    return article, True


def ensure_seed_article(sections, authors, topics):
    lead = ensure_photo("Netanyahu meets Russian envoys", seed.LEAD_CAPTION, seed.LEAD_CREDIT, 1)
    inline = ensure_photo(
        "Russian military police patrol in the Golan Heights",
        seed.INLINE_CAPTION,
        seed.INLINE_CREDIT,
        2,
    )
    body = paragraph_blocks(seed.PARAGRAPHS_BEFORE_PHOTO)
    body.append(("image", {"image": inline, "caption": ""}))
    body += paragraph_blocks(seed.PARAGRAPHS_AFTER_PHOTO)
    article, _ = publish_article(
        sections["israel-and-the-region"],
        slug=SEED_SLUG,
        title=seed.HEADLINE,
        standfirst=seed.STANDFIRST,
        body=body,
        authors=[authors["staff"]],
        topics=[topics[t] for t in ("iran", "syria", "russia", "benjamin-netanyahu")],
        published_at=SEED_PUBLISHED,
        lead_image=lead,
        dateline="JERUSALEM",
    )
    return article


TERMS_BODY = (
    "<h2>Your account</h2><p>An account is free. You sign in with links and codes we email "
    "to you; keep your email account safe, because it is the key to yours.</p>"
    "<h2>The Daily Edition</h2><p>Registered readers receive the Daily Edition email. Every "
    "email has a one-click unsubscribe link, and the account page turns it off at any time.</p>"
    "<h2>Comments</h2><p>Comments are moderated. Be civil; we remove abuse, spam and "
    "personal attacks, and may suspend accounts that post them.</p>"
    "<h2>Your data</h2><p>We keep your email address, your choices and what you post. "
    "Download it or delete your account from the account page.</p>"
)


def ensure_terms_page(home):
    from masthead.core.models import StandardPage

    if not StandardPage.objects.filter(slug="terms").exists():
        terms = StandardPage(title="Terms and conditions", slug="terms", body=TERMS_BODY)
        home.add_child(instance=terms)
        terms.save_revision().publish()


def keep_discussion_open(article):
    """The seed story is from 2019: keep its comments open past the automatic close."""
    from masthead.comments.models import Discussion

    Discussion.objects.update_or_create(article=article, defaults={"state": Discussion.State.OPEN})


def ensure_staff():
    """Create one demo account a role once, each in its role's group alone; their passwords
    live in the data folder."""
    path = credentials_file()
    stored = json.loads(path.read_text()) if path.exists() else {}
    for username, group_name, first, last in STAFF:
        email = f"{username}@masthead.localhost"
        entry = stored.setdefault(username, {"email": email, "password": secrets.token_urlsafe(12)})
        entry["role"] = group_name
        member = Member.objects.filter(email=email).first()
        if member is None:
            member = Member.objects.create_user(
                email,
                entry["password"],
                first_name=first,
                last_name=last,
                is_staff=True,
                display_name=f"{first} {last}",
            )
        member.groups.set([Group.objects.get(name=group_name)])
    path.write_text(json.dumps(stored, indent=2))
    path.chmod(0o600)
    return stored


@transaction.atomic
def load_demo(progress=None):
    """Load the whole demo; return what was created or found."""
    step = progress or (lambda message: None)
    home = ensure_front_page()
    step("sections")
    sections = ensure_sections(home)
    step("authors and topics")
    authors, topics = ensure_authors(), ensure_topics()
    step("seed article")
    article = ensure_seed_article(sections, authors, topics)
    corrections.ensure_seed_correction(article)
    front_page.arrange(home, article)
    keep_discussion_open(article)
    ensure_terms_page(home)
    site_pages.ensure_site_pages(home)
    step("staff accounts")
    credentials = ensure_staff()
    step("sample stories")
    existing = ArticlePage.objects.exclude(slug=SEED_SLUG).count()
    created = max(0, SAMPLE_ARTICLES - existing)
    if created:
        archive.generate(
            SAMPLE_ARTICLES - existing,
            seed_value=existing,
            with_photos=True,
            newest=clock.now() - timedelta(minutes=5),
        )
    step("live page")
    live.ensure_live_page(sections["israel-and-the-region"], [authors["staff"]])
    return {
        "home": home,
        "article": article,
        "credentials": credentials,
        # Written in bulk, without signals: the caller indexes them for search.
        "bulk_written": created,
    }
