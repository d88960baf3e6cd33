"""Generate a realistic synthetic archive for demos and benchmarks.

Stories come from a newsroom's beats (beats.py): diplomacy, the northern border, the
Knesset, the courts, football, archaeology, markets, technology, trade, energy, columns,
Jewish life. Each beat has its section, writers, topics and picture, and its own headlines,
standfirsts and paragraphs, filled from each story's draw of recurring people and places
and a long tail of rare names. Stories run from briefs to long reads; with their art
(`with_photos`) they carry the beat's illustration, and long reads their subheadings and
some stories a pull quote. The same seed gives the same archive.

Articles are written in bulk (the page tree rows computed here, a few thousand
rows per statement), not saved one by one through Wagtail: 100,000 stories take
minutes, not hours. They are real, published pages; `masthead search reindex`
(or the demo command) indexes them for search.
"""

import io
import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page

from masthead.core import clock
from masthead.news import images as renditions
from masthead.news.models import ArticlePage, Author, NewsImage, SectionPage, Topic

from . import beats, images

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
# Uncommon words: each appears in a small share of stories (as names of people and companies).
RARE_SYLLABLES = "ka lo mi ren tas vor bel din gha zor pel quin shat ul var nem or eth".split()
# Of every 24 stories, how many each section gets: the demo's 24 fill every front-page
# block, and opinion, as in a newsroom, runs the fewest.
SECTION_SHARES = {
    "israel-and-the-region": 7,
    "world": 5,
    "opinion": 3,
    "business": 5,
    "jewish-times": 4,
}
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]
BATCH = 2000
# How a story runs: a brief, a news story or a long read, by paragraphs.
SHAPES = {"brief": (3, 4), "news": (5, 8), "long": (9, 13)}
SHAPE_WEIGHTS = {"brief": 1, "news": 2, "long": 1}
PICTURE_SOURCE = "Masthead demo illustration"
UNIQUE_UP_TO = 1000  # headlines and standfirsts seen, past which a story is not drawn again


class Vocabulary:
    """The everyday words of news prose, most frequent first (the search benchmark queries
    them), and a long tail of rare names."""

    def __init__(self):
        rng = random.Random("masthead-archive-vocabulary")  # the same rare names in every archive
        self.words = COMMON
        # About 5,800 rare surnames and places ("Kalomiren", "Tasvorbel"…), drawn uniformly.
        self.rare = sorted(
            {
                "".join(rng.sample(RARE_SYLLABLES, rng.randint(2, 3))).capitalize()
                for _ in range(7000)
            }
        )

    def rare_word(self, rng):
        return rng.choice(self.rare)


def _person(rng, vocabulary):
    """A fictional person; one in seven has a rare surname, the archive's long tail."""
    surname = vocabulary.rare_word(rng) if rng.random() < 0.15 else rng.choice(beats.SURNAMES)
    return f"{rng.choice(beats.FIRST_NAMES)} {surname}"


def _slots(rng, vocabulary, beat, author):
    """One story's draw: who, where, what and when, for its beat's templates."""
    person, other = rng.sample(beat.people or PEOPLE, 2)
    place = rng.choice(beat.places or PLACES)
    place2 = rng.choice([p for p in PLACES if p != place])
    subject = rng.choice(beat.subjects or SUBJECTS)
    org = rng.choice(beat.orgs or ORGS)
    expert, expert2 = _person(rng, vocabulary), _person(rng, vocabulary)
    job, job2 = rng.sample(beats.JOBS, 2)
    team, team2 = rng.sample(beats.TEAMS, 2)
    community = rng.choice(beats.COMMUNITIES)
    day, day2 = rng.sample(DAYS, 2)
    n = rng.randint(2, 9)
    return {
        "person": person,
        "other": other,
        "psur": person.split()[-1],
        "osur": other.split()[-1],
        "place": place,
        "PLACE": place.upper(),
        "place2": place2,
        "target": rng.choice(["Damascus", "Homs", "Hama", "Latakia", "Aleppo", "Deir ez-Zor"]),
        "subject": subject,
        "subject_cap": subject[0].upper() + subject[1:],
        "org": org,
        "Org": org[0].upper() + org[1:],
        "expert": expert,
        "expert_surname": expert.split()[-1],
        "expert2": expert2,
        "job": job,
        "job2": job2,
        "team": team,
        "team2": team2,
        "goals": f"{rng.randint(2, 4)}–{rng.randint(0, 1)}",
        "community": community,
        "COMMUNITY": community.upper(),
        "city": rng.choice(["Tel Aviv", "Jerusalem", "Haifa", "Netanya", "Rishon LeZion"]),
        "site": rng.choice(beats.SITES),
        "company": vocabulary.rare_word(rng) + rng.choice(beats.COMPANY_ENDINGS),
        "does": rng.choice(
            [
                "finds faults in factory machines before they break",
                "helps hospitals schedule operating theatres",
                "checks code for security holes",
                "lets farmers water fields by the plant",
                "translates customer calls as they happen",
            ]
        ),
        "day": day,
        "day2": day2,
        "month": rng.choice(beats.MONTHS),
        "n": n,
        "n2": rng.randint(11, 60),
        "n3": rng.randint(10, 40),
        "n3_small": rng.choice(["three", "four", "five", "seven"]),
        "age": rng.choice(["1,900", "2,000", "2,100", "2,700", "2,800", "3,000"]),
        "teen": rng.randint(13, 17),
        "ayes": rng.randint(61, 66),
        "noes": rng.randint(44, 59),
        "staff": rng.randint(30, 250),
        "nth": rng.choice(ORDINALS),
        "pct": f"{rng.uniform(1.2, 9.8):.1f}",
        "rate": rng.choice(["4", "4.25", "4.5", "4.75"]),
        "author": author,
    }


def _fill(template, slots):
    text = template.format_map(slots)
    return text[:1].upper() + text[1:]


def _paragraphs(rng, beat, lede, slots):
    """The story's paragraphs: its lede, then a run of its beat's paragraphs in their
    order, and reactions and context when a long news story needs more."""
    shape = rng.choices(list(SHAPES), weights=list(SHAPE_WEIGHTS.values()))[0]
    count = rng.randint(*SHAPES[shape])
    own = beat.paragraphs
    chosen = [lede] + [
        own[i] for i in sorted(rng.sample(range(len(own)), min(count, len(own) + 1) - 1))
    ]
    if beat.general:
        extra = rng.sample(beats.GENERAL, max(0, min(len(beats.GENERAL), count - len(chosen))))
        for paragraph in extra:
            chosen.insert(rng.randint(2, len(chosen)), paragraph)
    return shape, [_fill(p, slots) for p in chosen]


def _body(rng, beat, slots, paragraphs, shape, art):
    """Paragraph blocks; with `art`, long reads get subheadings, and some stories a pull
    quote of a line they contain."""
    blocks = [("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs]
    if not art:
        return blocks
    if shape == "long":
        for number, heading in enumerate(beat.subheadings):
            at = 3 + number * 4 + number  # after every four paragraphs (and the headings before)
            if at < len(blocks) - 1:
                blocks.insert(at, ("subheading", heading))
    if shape != "brief" and (beat.picture is None or rng.random() < 0.5):
        text = " ".join(paragraphs)
        quotes = [
            (_fill(q, slots), _fill(a, slots))
            for q, a in beat.quotes
            # As the story has it, but for the full stop a pull quote ends with.
            if _fill(q, slots).rstrip(".") in text
        ]
        if quotes:
            quote, attribution = rng.choice(quotes)
            blocks.insert(2, ("pull_quote", {"quote": quote, "attribution": attribution}))
    return blocks


def story(rng, vocabulary, beat, author_name, seen):
    """Headline, standfirst, paragraphs, shape and slots of one story on `beat`; a
    standfirst already in `seen` is drawn again (a few times), so stories differ."""
    # A few draws while the archive is small (the demo's stories all differ); a large
    # archive repeats itself as a real one does, and is written in minutes.
    for _ in range(8 if len(seen) < UNIQUE_UP_TO else 1):
        slots = _slots(rng, vocabulary, beat, author_name)
        headline, summary, lede = rng.choice(beat.stories)
        title, standfirst = _fill(headline, slots), _fill(summary, slots)
        if standfirst not in seen and title not in seen:
            break
    seen.update((title, standfirst))
    shape, paragraphs = _paragraphs(rng, beat, lede, slots)
    return title, standfirst, paragraphs, shape, slots


class _Rota:
    """Which section, and which of its beats, each next story is on: sections by their
    shares, each section's beats in turn (shuffled every round), so neighbours differ."""

    def __init__(self, rng, sections):
        self.rng = rng
        self.sections = {s.slug: s for s in sections}
        self.beats = {}
        for beat in beats.BEATS:
            if beat.section in self.sections:
                self.beats.setdefault(beat.section, []).extend([beat] * beat.weight)
        if not self.beats:  # sections of another site: any beat, any section
            self.beats = {s.slug: list(beats.BEATS) for s in sections}
        self.round, self.turns = [], {}

    def next(self):
        if not self.round:
            self.round = [slug for slug in self.beats for _ in range(SECTION_SHARES.get(slug, 1))]
            self.rng.shuffle(self.round)
        slug = self.round.pop()
        turn = self.turns.get(slug)
        if not turn:
            turn = self.turns[slug] = list(self.beats[slug])
            self.rng.shuffle(turn)
        return self.sections[slug], turn.pop()


def ensure_contributors():
    for name, slug, job in beats.CONTRIBUTORS:
        Author.objects.get_or_create(slug=slug, defaults={"name": name, "job_title": job})


def ensure_pictures():
    """The beats' illustrations, drawn and filed once: {subject key: photo}."""
    pictures = {}
    for key in sorted({beat.picture for beat in beats.BEATS if beat.picture}):
        subject = images.SUBJECTS[key]
        photo = NewsImage.objects.filter(title=subject.title).first()
        if photo is None:
            photo = NewsImage(
                title=subject.title,
                caption=subject.caption,
                credit=images.CREDIT,
                description=subject.alt,
                source=PICTURE_SOURCE,
            )
            data = io.BytesIO(images.draw_jpeg(key))
            data.name = f"{key}.jpg"
            photo.file = ImageFile(data)
            photo.save()
            # Stories of the archive are written in bulk, without the publish that has the
            # task worker prepare their photos: prepare them here, so no reader's render
            # (or eight at once) makes them.
            renditions.pregenerate(photo)
        pictures[key] = photo
    return pictures


def _slug(title, pk):
    slug = slugify(title)
    if len(slug) > 70:
        slug = slug[:71].rsplit("-", 1)[0]  # whole words only
    return f"{slug}-{pk}"


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
    """Create `count` published articles spread over sections, topics and authors; with
    `with_photos`, with their art: pictures, subheadings and pull quotes."""
    rng = random.Random(f"masthead-archive-{seed_value}")
    vocabulary = Vocabulary()
    sections = list(SectionPage.objects.all())
    if not sections:
        raise RuntimeError("Load the demo first: the archive needs sections.")
    ensure_contributors()
    authors = {author.slug: author for author in Author.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    pictures = ensure_pictures() if with_photos else {}
    rota = _Rota(rng, sections)
    seen = set()
    newest = newest or clock.now()
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
                section, beat = rota.next()
                writers = [authors[a] for a in beat.authors if a in authors] or list(
                    authors.values()
                )
                byline = rng.sample(writers, 2 if len(writers) > 1 and rng.random() < 0.2 else 1)
                title, standfirst, paragraphs, shape, slots = story(
                    rng, vocabulary, beat, byline[0].name, seen
                )
                # Oldest first, so ids grow with time as on a real site.
                published = newest - spacing * (count - 1 - index + rng.random())
                article = ArticlePage(
                    pk=next_pk,
                    title=title,
                    draft_title=title,
                    slug=_slug(title, next_pk),
                    content_type=content_type,
                    translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    standfirst=standfirst,
                    body=_body(rng, beat, slots, paragraphs, shape, with_photos),
                    dateline=_fill(rng.choice(beat.datelines), slots),
                    lead_image=pictures.get(beat.picture),
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
                for order, author in enumerate(byline):
                    bylines.append(Byline(page_id=article.pk, author=author, sort_order=order))
                own_topics = [topics[t] for t in beat.topics if t in topics]
                if own_topics:
                    for topic in rng.sample(own_topics, rng.randint(1, len(own_topics))):
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
