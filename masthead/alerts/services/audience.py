"""Audiences: who an alert can be for, and which subscriptions it reaches."""

from ..models import EVERYONE, PushSubscription, SubscriptionTopic


class SubscriptionError(ValueError):
    """Bad subscription data from a browser: answered with 400 and this message."""


def audience_choices():
    """Every audience an editor can pick: everyone, each section, each topic."""
    from masthead.news.models import SectionPage, Topic

    choices = [(EVERYONE, "All breaking news")]
    choices += [(f"section:{s.slug}", s.title) for s in SectionPage.objects.live().order_by("path")]
    choices += [(f"topic:{t.slug}", t.name) for t in Topic.objects.order_by("name")]
    return choices


def article_choices(article):
    """What a reader of `article` is offered: all breaking news, its section, its topics."""
    section = article.section
    choices = [(EVERYONE, "All breaking news"), (f"section:{section.slug}", section.title)]
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


def recipients(audience):
    """The subscriptions an audience reaches: topic alerts also reach "all breaking news"."""
    if not audience or EVERYONE in audience:
        return PushSubscription.objects.all()
    ids = SubscriptionTopic.objects.filter(topic__in=[EVERYONE, *audience]).values(
        "subscription_id"
    )
    return PushSubscription.objects.filter(pk__in=ids)
