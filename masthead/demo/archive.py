"""Generate a realistic synthetic archive for demos and benchmarks.

Stories are built from recurring people, places and subjects, with everyday
words drawn from a Zipf distribution over a vocabulary of about 700 words and a
long tail of rarer names, so search and listings behave as they would on a real
archive: a few terms are in nearly every story, most are in a few. The same seed
gives the same archive.

Articles are written in bulk (the page tree rows computed here, a few thousand
rows per statement), not saved one by one through Wagtail: 100,000 stories take
minutes, not hours. They are real, published pages; `masthead search reindex`
(or the demo command) indexes them for search.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page

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
# Everyday news words, most frequent first (a Zipf distribution draws from them).
COMMON = (
    "the of and to in a that is for on with as was by said it at from his an be has "
    "have are which were been not this its their but they had officials also after "
    "would more than will government minister security over new could about two year "
    "last week told other into against people when military country most some such "
    "while there statement since where president plan report source agreement meeting "
    "month officials talks region forces support public decision response effort "
    "international political policy economic diplomatic national according recent "
    "three first former leader party state police court city day between during "
    "before under until percent million billion early later spokesman senior deputy "
    "official army border attack peace war troops missile rocket drone strike border "
    "election vote coalition opposition parliament cabinet committee budget tax bank "
    "market prices inflation growth shares investors company deal contract exports "
    "energy gas oil water power electricity school students university health hospital "
    "doctors patients virus vaccine court judge trial appeal lawyer law bill reform "
    "protest protesters crowd march rally demonstration residents village town city "
    "north south east west central northern southern coastal capital district area "
    "building road highway airport port station train bus flight ship border crossing "
    "negotiations ceasefire truce hostages prisoners release exchange sanctions envoy "
    "ambassador embassy delegation summit visit trip tour conference forum council "
    "ministry office agency authority department service commission institute group "
    "analysts experts observers critics supporters officials sources witnesses "
    "killed wounded injured arrested detained charged convicted sentenced released "
    "announced confirmed denied rejected approved accepted signed agreed warned urged "
    "called demanded promised pledged vowed threatened claimed argued noted added "
    "expected likely possible unclear major key main top high low large small "
    "long short strong weak heavy light serious critical crucial significant "
    "Sunday Monday Tuesday Wednesday Thursday Friday Saturday morning evening night "
    "January February March April May June July August September October November "
    "December spring summer autumn winter season weather storm heat rain snow fire "
    "emergency crisis threat risk danger warning alert response plan strategy "
    "program project initiative proposal framework process system network platform "
    "technology startup cyber data software internet online digital social media "
    "television radio newspaper journalist reporter interview broadcast statement "
    "football basketball team coach player match league championship stadium fans "
    "museum exhibition festival concert film theater artist writer book music "
    "archaeologists excavation ancient discovery scientists researchers study "
    "climate environment pollution desert sea coast beach river lake forest farm "
    "farmers agriculture food bread wheat harvest tourism tourists hotel restaurant "
    "synagogue mosque church holiday Passover Ramadan Christmas Hanukkah Shabbat "
    "settlement settlers outpost checkpoint barrier tunnel fence operation raid "
    "intelligence espionage assassination explosion blast gunfire shooting stabbing "
    "hearing testimony investigation inquiry probe indictment corruption bribery fraud "
    "immigration immigrants refugees asylum citizenship identity community minority "
    "rights freedom democracy constitution justice equality religion religious secular"
).split()
# Uncommon words: each appears in a small share of stories.
RARE_SYLLABLES = "ka lo mi ren tas vor bel din gha zor pel quin shat ul var nem or eth".split()
SECTION_WEIGHTS = {
    "israel-and-the-region": 5,
    "world": 3,
    "opinion": 1,
    "business": 2,
    "jewish-times": 1,
}
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
BATCH = 2000


class Vocabulary:
    """Everyday words by a Zipf law (the most common far more often, as in real prose),
    with a long tail of rare names."""

    def __init__(self):
        rng = random.Random("masthead-archive-vocabulary")  # the same rare names in every archive
        self.words = COMMON
        self.weights = [1 / (rank + 1) for rank in range(len(COMMON))]
        self.cumulative = []
        total = 0.0
        for weight in self.weights:
            total += weight
            self.cumulative.append(total)
        # About 5,800 rare surnames and places ("Kalomiren", "Tasvorbel"…), drawn uniformly.
        self.rare = sorted(
            {
                "".join(rng.sample(RARE_SYLLABLES, rng.randint(2, 3))).capitalize()
                for _ in range(7000)
            }
        )

    def everyday(self, rng, count):
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def rare_word(self, rng):
        return rng.choice(self.rare)


def sentence(rng, vocabulary):
    person, place = rng.choice(PEOPLE), rng.choice(PLACES)
    subject, org = rng.choice(SUBJECTS), rng.choice(ORGS)
    filler = " ".join(vocabulary.everyday(rng, rng.randint(6, 14)))
    if rng.random() < 0.15:
        filler += f" near {vocabulary.rare_word(rng)}"
    shapes = [
        f"{person} spoke in {place} about {subject}, {org} said, {filler}.",
        f"According to {org}, {subject} {filler} in {place}.",
        f"“We will not accept {subject},” {person} said on {rng.choice(DAYS)}, {filler}.",
        f"The talks in {place} focused on {subject} and {filler}.",
        f"{person} is expected to raise {subject} with {rng.choice(PEOPLE)}, {filler}.",
    ]
    text = rng.choice(shapes)
    return text[0].upper() + text[1:]


def story(rng, vocabulary):
    person, other = rng.sample(PEOPLE, 2)
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    title = f"{person} {rng.choice(VERBS)} {other} on {subject}"
    standfirst = (
        f"Meeting in {place}, {person.split()[-1]} and {other.split()[-1]} discuss "
        f"{subject} as {rng.choice(ORGS)} weighs its next step"
    )
    paragraphs = [
        " ".join(sentence(rng, vocabulary) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(6, 12))
    ]
    return title, standfirst, paragraphs, place


def _insert(model, objs, fields):
    """One INSERT of `objs` into `model`'s own table (no signals, no parent tables)."""
    model._base_manager._insert(objs, fields=fields, raw=True, using=connection.alias)


class _Sections:
    """Where the next child of each section goes in the page tree."""

    def __init__(self, sections):
        self.sections = sections
        self.next_step = {}
        for section in sections:
            last = section.get_last_child()
            self.next_step[section.pk] = (
                Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
            )
        self.added = dict.fromkeys(self.next_step, 0)

    def place(self, section, article):
        step = self.next_step[section.pk]
        self.next_step[section.pk] = step + 1
        self.added[section.pk] += 1
        article.path = Page._get_path(section.path, section.depth + 1, step)
        article.depth = section.depth + 1
        article.url_path = f"{section.url_path}{article.slug}/"
        article.locale_id = section.locale_id

    def save_counts(self):
        for section in self.sections:
            Page.objects.filter(pk=section.pk).update(
                numchild=section.numchild + self.added[section.pk]
            )


def generate(count, *, seed_value=0, with_photos=False, newest=None, progress=None):
    """Create `count` published articles spread over sections, topics and authors."""
    rng = random.Random(f"masthead-archive-{seed_value}")
    vocabulary = Vocabulary()
    sections = list(SectionPage.objects.all())
    if not sections:
        raise RuntimeError("Load the demo first: the archive needs sections.")
    section_weights = [SECTION_WEIGHTS.get(s.slug, 1) for s in sections]
    authors = list(Author.objects.all())
    topics = list(Topic.objects.all())
    photos = list(NewsImage.objects.exclude(credit="")[:10]) if with_photos else []
    newest = newest or timezone.now()
    spacing = timedelta(minutes=47)  # a few stories an hour, going back in time
    content_type = ContentType.objects.get_for_model(ArticlePage)
    Byline = ArticlePage.bylines.rel.related_model
    TopicLink = ArticlePage.topics.through
    page_fields = [f for f in Page._meta.local_concrete_fields]
    article_fields = [f for f in ArticlePage._meta.local_concrete_fields]
    byline_fields = [f for f in Byline._meta.local_concrete_fields if not f.primary_key]
    link_fields = [f for f in TopicLink._meta.local_concrete_fields if not f.primary_key]
    created = 0
    with transaction.atomic():
        places = _Sections(sections)
        next_pk = (Page.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        for start in range(0, count, BATCH):
            articles, bylines, links = [], [], []
            for index in range(start, min(start + BATCH, count)):
                title, standfirst, paragraphs, place = story(rng, vocabulary)
                # Oldest first, so ids grow with time as on a real site.
                published = newest - spacing * (count - 1 - index + rng.random())
                section = rng.choices(sections, weights=section_weights)[0]
                article = ArticlePage(
                    pk=next_pk,
                    title=title,
                    draft_title=title,
                    slug=f"{slugify(title)[:70]}-{next_pk}",
                    content_type=content_type,
                    translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    standfirst=standfirst,
                    body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs],
                    dateline=place.upper(),
                    lead_image=rng.choice(photos) if photos else None,
                    published_at=published,
                    first_published_at=published,
                    last_published_at=published,
                    live=True,
                    has_unpublished_changes=False,
                    numchild=0,
                )
                article.id = article.page_ptr_id = next_pk  # PostgreSQL needs Page's own id
                next_pk += 1
                places.place(section, article)
                articles.append(article)
                for order, author in enumerate(rng.sample(authors, rng.choice([1, 1, 1, 2]))):
                    bylines.append(Byline(page_id=article.pk, author=author, sort_order=order))
                if topics:
                    for topic in rng.sample(topics, rng.randint(1, 3)):
                        links.append(TopicLink(articlepage_id=article.pk, topic=topic))
            # Several statements per batch: SQLite allows a limited number of parameters.
            for chunk in range(0, len(articles), 200):
                _insert(Page, articles[chunk : chunk + 200], page_fields)
                _insert(ArticlePage, articles[chunk : chunk + 200], article_fields)
            for chunk in range(0, len(bylines), 500):
                _insert(Byline, bylines[chunk : chunk + 500], byline_fields)
            for chunk in range(0, len(links), 500):
                _insert(TopicLink, links[chunk : chunk + 500], link_fields)
            created += len(articles)
            if progress:
                progress(len(articles))
        places.save_counts()
        # Ids were given here: move the database's sequences past them (PostgreSQL).
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Page]):
                cursor.execute(sql)
    return created
