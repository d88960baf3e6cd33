"""Audiences: who an alert can be for, and which subscriptions it reaches."""

from masthead.news.models import SectionPage, Topic

from ..models import EVERYONE, PushSubscription, SubscriptionTopic

CHOSEN = "chosen"  # the form's other answer to "all breaking news"


class SubscriptionError(ValueError):
    """Bad subscription data from a browser: answered with 400 and this message."""


def audience_choices():
    """Every audience an editor can pick: everyone, each section, each topic."""
    choices = [(EVERYONE, "All breaking news")]
    choices += [(f"section:{s.slug}", s.title) for s in SectionPage.objects.live().order_by("path")]
    choices += [(f"topic:{t.slug}", t.name) for t in Topic.objects.order_by("name")]
    return choices


def topic_choices():
    """Every section and topic a reader can choose instead of all breaking news."""
    return [choice for choice in audience_choices() if choice[0] != EVERYONE]


def topic_labels(topics):
    """What a reader reads for stored topic keys ("section:world" → "World")."""
    names = dict(audience_choices())
    return [names.get(key, key) for key in topics]


def article_choices(article):
    """The sections and topics a reader of `article` may choose: its section, its topics
    (all breaking news is the other side of the choice, offered beside them)."""
    section = article.section
    choices = [(f"section:{section.slug}", section.title)]
    choices += [(f"topic:{t.slug}", t.name) for t in article.topic_list]  # by name
    return choices


def article_audience(article):
    """The section and topics of an article, as audience keys."""
    section = article.get_parent().specific
    return [f"section:{section.slug}", *(f"topic:{t.slug}" for t in article.topics.all())]


def clean_topics(values):
    """Keep known audience keys; nothing chosen (or "everyone") means all breaking news."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SubscriptionError("topics must be a list of strings.")
    values = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not values or EVERYONE in values:
        return [EVERYONE]
    known = {key for key, _label in audience_choices()}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise SubscriptionError(f"Unknown topics: {', '.join(unknown[:5])}.")
    return values[:20]


def chosen_topics(scope, topics):
    """A reader's one choice from a form: all breaking news, or only the sections and topics
    they ticked. Ticks beside "all breaking news" are not kept, and "only these" with nothing
    ticked is refused rather than silently widened to everything."""
    if scope == EVERYONE:
        return [EVERYONE]
    if scope != CHOSEN:
        raise SubscriptionError("Choose all breaking news, or only the sections and topics.")
    topics = [topic for topic in topics if topic != EVERYONE]
    if not topics:
        raise SubscriptionError("Tick at least one section or topic, or choose all breaking news.")
    return clean_topics(topics)


def recipients(audience):
    """The subscriptions an audience reaches: topic alerts also reach "all breaking news"."""
    if not audience or EVERYONE in audience:
        return PushSubscription.objects.all()
    ids = SubscriptionTopic.objects.filter(topic__in=[EVERYONE, *audience]).values(
        "subscription_id"
    )
    return PushSubscription.objects.filter(pk__in=ids)
