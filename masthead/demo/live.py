"""The demo's live page: the seed story's day told entry by entry, still live, so a visitor
sees new entries arrive when an editor posts from the compose screen."""

from datetime import timedelta

from django.utils.html import escape

from masthead.core import clock
from masthead.live import services
from masthead.live.models import LiveBlogPage

SLUG = "russian-envoys-in-jerusalem-live"
TITLE = "Russian envoys in Jerusalem: live updates"
STANDFIRST = "Talks on Syria ‘friction’ at the Prime Minister’s Office, as they happen."
SUMMARY = [
    "Two Russian envoys meet Prime Minister Benjamin Netanyahu and Israel’s top defense "
    "officials to keep their militaries from clashing over Syria.",
]
# (minutes before now, headline, text, key event, pinned), oldest first.
ENTRIES = [
    (300, "", "Good morning. We follow the Russian envoys’ visit here all day.", False, True),
    (
        285,
        "Envoys arrive",
        "Alexander Lavrentiev and Sergey Vershinin landed on Monday and met "
        "Foreign Ministry officials first.",
        True,
        False,
    ),
    (
        260,
        "",
        "The talks are expected to cover Iran’s presence in Syria and the hotline "
        "between the two militaries.",
        False,
        False,
    ),
    (
        240,
        "",
        "Security around the Prime Minister’s Office in Jerusalem has been tightened "
        "ahead of the meeting.",
        False,
        False,
    ),
    (
        215,
        "Talks begin",
        "The envoys sat down with Netanyahu, National Security Adviser Meir "
        "Ben-Shabbat and Maj.-Gen. Aharon Haliva.",
        True,
        False,
    ),
    (
        190,
        "",
        "The de-confliction hotline was set up to avoid accidental clashes during "
        "Israeli strikes in Syria.",
        False,
        False,
    ),
    (
        170,
        "",
        "It was stretched in September when Syrian air defenses shot down a Russian "
        "plane after an Israeli raid.",
        False,
        False,
    ),
    (
        140,
        "",
        "Fifteen Russian soldiers died in that incident; Moscow blamed Israeli pilots, "
        "which Israel denied.",
        False,
        False,
    ),
    (110, "", "Russia has since supplied Syria with the S-300 air defense system.", False, False),
    (
        80,
        "",
        "A former air force chief says only diplomacy with Moscow can get Iran out of Syria.",
        False,
        False,
    ),
    (
        45,
        "",
        "The meeting has ended, officials say. A statement is expected shortly.",
        False,
        False,
    ),
    (
        20,
        "Statement",
        "The Russian side “reiterated Russia’s commitment to the maintenance of "
        "Israel’s national security,” the Prime Minister’s Office said.",
        False,
        False,
    ),
]


def ensure_live_page(section, authors):
    """The live page, published with its entries (once)."""
    page = LiveBlogPage.objects.filter(slug=SLUG).first()
    if page is not None:
        return page
    now = clock.now()
    page = LiveBlogPage(
        title=TITLE,
        slug=SLUG,
        standfirst=STANDFIRST,
        body=[("paragraph", f"<p>{escape(text)}</p>") for text in SUMMARY],
        access_level="free",
        published_at=now - timedelta(minutes=ENTRIES[0][0]),
        coverage_start=now - timedelta(minutes=ENTRIES[0][0]),
        live=False,
    )
    section.add_child(instance=page)
    for author in authors:
        page.bylines.create(author=author)
    page.save_revision().publish()
    for minutes, headline, text, key_event, pinned in ENTRIES:
        entry = services.post_entry(
            page,
            body=[("paragraph", f"<p>{escape(text)}</p>")],
            headline=headline,
            authors=authors,
            key_event=key_event,
            pinned=pinned,
        )
        entry.posted_at = now - timedelta(minutes=minutes)
        entry.save(update_fields=["posted_at"])
    return page
