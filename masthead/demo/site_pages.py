"""The footer's pages the demo creates: About, Contact and Privacy (Terms is made with the seed
article). Each is a StandardPage under the front page that editors change like any other, and
the brand settings' footer links point at them. Created once: an edited page is never
overwritten by a second load."""

from masthead.core.models import BrandSettings, FooterPage, StandardPage

ABOUT_BODY = (
    "<p>Masthead is an independent newsroom reporting on Israel, the region and the world. "
    "Our reporters, editors and photographers work from Jerusalem and Tel Aviv, with "
    "correspondents abroad.</p>"
    "<h2>Our standards</h2><p>We check what we publish, name our sources wherever we can "
    "and correct our mistakes in the open: every correction is listed at the foot of its "
    'story and on our <a href="/corrections/">corrections page</a>.</p>'
    "<h2>Who we are</h2><p>The newsroom is led by the editor-in-chief, with a desk of "
    "editors, reporters, the picture desk and the moderators of readers' comments.</p>"
)

CONTACT_BODY = (
    '<h2>News tips</h2><p>Write to <a href="mailto:tips@masthead.localhost">'
    "tips@masthead.localhost</a>. Tell us what you saw and how we can reach you; we protect "
    "our sources.</p>"
    '<h2>Corrections</h2><p>Found a mistake? Write to <a href="mailto:corrections@'
    "masthead.localhost\">corrections@masthead.localhost</a> with the story's address.</p>"
    '<h2>Your account and the Daily Edition</h2><p>Write to <a href="mailto:'
    'readers@masthead.localhost">readers@masthead.localhost</a>. You can also change your '
    "choices, download your data or delete your account yourself on your account page.</p>"
)

PRIVACY_BODY = (
    "<p>This notice says what this site records about you, why, and what you can do about "
    "it. We show no advertising, use no third-party trackers or analytics and load nothing "
    "from other companies' servers: our fonts, scripts and pictures come from this site.</p>"
    "<h2>Reading without an account</h2><p>You can read without telling us who you are. If "
    "a story is for registered readers after a few free ones, a cookie counts the stories "
    "you read (it holds their numbers, nothing else, and expires after 40 days). Our servers "
    "keep logs of requests (address, time, page) to keep the site running and safe; they "
    "are deleted after a short time.</p>"
    "<h2>Your choices kept in your browser</h2><p>Your choice of light or dark theme and the "
    "breaking-news topics you follow are kept in your browser's own storage, never sent to "
    "us.</p>"
    "<h2>Your account</h2><p>When you register we keep your email address and, if you give "
    "them, your name and the name shown with your comments. Signing in sets a session cookie "
    "that keeps you signed in, and a short-lived cookie ties a sign-in link to the browser "
    "that asked for it. These cookies are needed for the site to work and are never used to "
    "follow you elsewhere.</p>"
    "<h2>Your consent</h2><p>When you register you accept the terms and choose whether to "
    "receive the Daily Edition email; we record when you did so, and which version of the "
    "terms you accepted. You can turn the Daily Edition off with the link in every email or "
    "on your account page, and turn breaking-news alerts off in your browser or on your "
    "account page.</p>"
    "<h2>What you post</h2><p>Comments are shown with the name you chose and are "
    "moderated. Your saved stories are visible to you alone.</p>"
    "<h2>Your rights</h2><p>On your account page you can download everything we keep about "
    "you and delete your account; deleting it removes your personal data. For anything "
    'else, write to <a href="mailto:privacy@masthead.localhost">privacy@masthead.localhost'
    "</a>.</p>"
)

PAGES = [
    ("About us", "about", ABOUT_BODY),
    ("Contact", "contact", CONTACT_BODY),
    ("Privacy notice", "privacy", PRIVACY_BODY),
]

# The footer's pages, in the footer's order (Terms is made by `services.ensure_terms_page`).
FOOTER_SLUGS = ["about", "contact", "privacy", "terms"]


def ensure_site_pages(home):
    """Create the footer's pages that are missing, and name them in the brand settings."""
    for title, slug, body in PAGES:
        if not StandardPage.objects.filter(slug=slug).exists():
            page = StandardPage(title=title, slug=slug, body=body)
            home.add_child(instance=page)
            page.save_revision().publish()
    link_footer_pages(home)


def link_footer_pages(home):
    """The front page's site lists the footer's pages, unless an editor already chose some."""
    site = home.get_site()
    if site is None:
        return
    brand = BrandSettings.for_site(site)
    if FooterPage.objects.filter(setting=brand).exists():
        return
    for order, slug in enumerate(FOOTER_SLUGS):
        page = StandardPage.objects.filter(slug=slug).first()
        if page is not None:
            FooterPage.objects.create(setting=brand, page=page, sort_order=order)
