"""Generate a realistic synthetic archive for demos and benchmarks.

Stories are built from recurring people, places and subjects, with everyday
words drawn from a Zipf-like distribution, so search and listings behave as
they would on a real archive. The same seed gives the same archive.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from masthead.news.models import ArticlePage, Author, NewsImage, SectionPage, Topic

PEOPLE = [
    "Benjamin Netanyahu",
    "Vladimir Putin",
    "Alexander Lavrentiev",
    "Sergey Vershinin",
    "Meir Ben-Shabbat",
    "Aharon Haliva",
    "Amir Eshel",
    "Bashar Assad",
    "Isaac Herzog",
    "Yair Lapid",
    "Benny Gantz",
    "Antony Blinken",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Recep Tayyip Erdogan",
    "Abdel Fattah el-Sissi",
    "King Abdullah",
    "Mohammed bin Salman",
]
PLACES = [
    "Jerusalem",
    "Tel Aviv",
    "Damascus",
    "Moscow",
    "Golan Heights",
    "Haifa",
    "Beirut",
    "Tehran",
    "Washington",
    "Cairo",
    "Amman",
    "Gaza",
    "Ramallah",
    "Eilat",
    "Brussels",
    "Ankara",
    "Riyadh",
    "Beersheba",
    "Nazareth",
    "Ashdod",
]
SUBJECTS = [
    "air strikes",
    "security coordination",
    "ceasefire talks",
    "the S-300 system",
    "the de-confliction hotline",
    "a new coalition",
    "the state budget",
    "gas exports",
    "a cyberattack",
    "the high-tech sector",
    "housing prices",
    "a water agreement",
    "the election campaign",
    "judicial reform",
    "a peace initiative",
    "border security",
]
ORGS = [
    "the Prime Minister’s Office",
    "the Foreign Ministry",
    "the IDF",
    "the Kremlin",
    "the UN Security Council",
    "the Knesset",
    "the Bank of Israel",
    "the State Department",
    "the Defense Ministry",
    "the Health Ministry",
]
VERBS = [
    "holds talks with",
    "warns",
    "meets",
    "criticizes",
    "backs",
    "rejects a plan by",
    "signs a deal with",
    "calls on",
    "praises",
    "clashes with",
]
COMMON = (
    "the of and to in a that is for on with as was by said it at from his an be has "
    "have are which were been not this its their but they had officials also after "
    "would more than will government minister security over new could about two year "
    "last week told other into against people when military country most some such "
    "while there statement since where president plan report source agreement meeting "
    "month officials talks region forces support public decision response effort "
    "international political policy economic diplomatic national according recent"
).split()
SECTION_WEIGHTS = {
    "israel-and-the-region": 5,
    "world": 3,
    "opinion": 1,
    "business": 2,
    "jewish-times": 1,
}


def zipf_words(rng, count):
    """Everyday words, the most common far more often, as in real prose."""
    weights = [1 / (rank + 1) for rank in range(len(COMMON))]
    return rng.choices(COMMON, weights=weights, k=count)


def sentence(rng):
    person, place = rng.choice(PEOPLE), rng.choice(PLACES)
    subject, org = rng.choice(SUBJECTS), rng.choice(ORGS)
    filler = " ".join(zipf_words(rng, rng.randint(6, 14)))
    shapes = [
        f"{person} spoke in {place} about {subject}, {org} said, {filler}.",
        f"According to {org}, {subject} {filler} in {place}.",
        f"“We will not accept {subject},” {person} said on {rng.choice(DAYS)}, {filler}.",
        f"The talks in {place} focused on {subject} and {filler}.",
        f"{person} is expected to raise {subject} with {rng.choice(PEOPLE)}, {filler}.",
    ]
    text = rng.choice(shapes)
    return text[0].upper() + text[1:]


DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def story(rng):
    person, other = rng.sample(PEOPLE, 2)
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    title = f"{person} {rng.choice(VERBS)} {other} on {subject}"
    standfirst = (
        f"Meeting in {place}, {person.split()[-1]} and {other.split()[-1]} discuss "
        f"{subject} as {rng.choice(ORGS)} weighs its next step"
    )
    paragraphs = [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(6, 12))
    ]
    return title, standfirst, paragraphs, place


def generate(count, *, seed_value=0, with_photos=False, newest=None, progress=None):
    """Create `count` published articles spread over sections, topics and authors."""
    rng = random.Random(f"masthead-archive-{seed_value}")
    sections = list(SectionPage.objects.all())
    if not sections:
        raise RuntimeError("Load the demo first: the archive needs sections.")
    section_weights = [SECTION_WEIGHTS.get(s.slug, 1) for s in sections]
    authors = list(Author.objects.all())
    topics = list(Topic.objects.all())
    photos = list(NewsImage.objects.exclude(credit="")[:10]) if with_photos else []
    newest = newest or timezone.now()
    spacing = timedelta(minutes=47)  # a few stories an hour, going back in time
    offset = ArticlePage.objects.count()
    created = 0
    Byline = ArticlePage.bylines.rel.related_model
    TopicLink = ArticlePage.topics.through
    for start in range(0, count, 200):
        with transaction.atomic():
            for index in range(start, min(start + 200, count)):
                title, standfirst, paragraphs, place = story(rng)
                published = newest - spacing * (index + rng.random())
                section = rng.choices(sections, weights=section_weights)[0]
                article = ArticlePage(
                    title=title,
                    slug=f"{slugify(title)[:70]}-{offset + index + 1}",
                    standfirst=standfirst,
                    body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs],
                    dateline=place.upper(),
                    lead_image=rng.choice(photos) if photos else None,
                    published_at=published,
                    first_published_at=published,
                    last_published_at=published,
                    live=True,
                )
                section.add_child(instance=article)
                Byline.objects.bulk_create(
                    [
                        Byline(page=article, author=a, sort_order=i)
                        for i, a in enumerate(rng.sample(authors, rng.choice([1, 1, 1, 2])))
                    ]
                )
                if topics:
                    TopicLink.objects.bulk_create(
                        [
                            TopicLink(articlepage=article, topic=t)
                            for t in rng.sample(topics, rng.randint(1, 3))
                        ]
                    )
                created += 1
                if progress:
                    progress(1)
    return created
