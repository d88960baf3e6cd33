"""What readers see: the visible comments of an article, threaded, sorted and paged."""

from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Q

from .. import conf
from ..models import Comment, Discussion

SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "liked": ("-like_count", "-created_at", "-pk"),
}
DEFAULT_SORT = "newest"


def discussion_state(article):
    discussion = Discussion.objects.filter(article=article).first()
    return discussion.state if discussion else Discussion.State.AUTO


def discussion_is_open(article, now, *, state=None):
    """Open unless an editor closed it, or (left automatic) it is older than the set days."""
    state = state or discussion_state(article)
    if state == Discussion.State.CLOSED:
        return False
    if state == Discussion.State.OPEN:
        return True
    days = conf.get("COMMENTS_CLOSE_AFTER_DAYS")
    published = article.published_at or article.first_published_at
    if not days or published is None:
        return True
    return now < published + timedelta(days=days)


def comment_count(article):
    return Comment.objects.visible().filter(article=article).count()


def cache_version(article_id):
    """A number that changes whenever what readers see of an article's comments changes."""
    return cache.get_or_set(f"comments:version:{article_id}", 1, timeout=None)


def bump(article_id):
    key = f"comments:version:{article_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


class Node:
    """A comment with its visible replies, for templates."""

    def __init__(self, comment, deleted_placeholder=False):
        self.comment = comment
        self.placeholder = deleted_placeholder
        self.replies = []


def page_of_threads(article, *, sort=DEFAULT_SORT, page=1):
    """One page of top-level threads with their replies, plus the featured comments.

    Only visible comments are shown. A deleted comment with visible replies stays as a
    "deleted" placeholder so the replies keep their place; nothing of its text is shown.
    """
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    visible = Comment.objects.visible().filter(article=article).select_related("author")
    roots = Comment.objects.filter(
        Q(deleted_at=None) | Q(pk__in=visible.values("root_id")),
        article=article,
        parent=None,
        status=Comment.Status.APPROVED,
    ).select_related("author")
    paginator = Paginator(roots.order_by(*order), conf.get("COMMENTS_PER_PAGE"))
    page_obj = paginator.get_page(page)
    top = list(page_obj.object_list)
    replies = list(
        Comment.objects.filter(
            article=article, root__in=[c.pk for c in top], status=Comment.Status.APPROVED
        )
        .select_related("author")
        .order_by("created_at", "pk")
    )
    nodes = {c.pk: Node(c, deleted_placeholder=c.deleted_at is not None) for c in top + replies}
    for reply in replies:
        parent = nodes.get(reply.parent_id)
        if parent is not None:
            parent.replies.append(nodes[reply.pk])

    def prune(node):
        node.replies = [r for r in node.replies if prune(r)]
        return not node.placeholder or bool(node.replies)

    threads = [nodes[c.pk] for c in top if prune(nodes[c.pk])]
    featured = list(visible.filter(featured=True).order_by("-created_at")[:3])
    # A featured comment is shown once, in full, at the top; its place in the conversation
    # keeps only a pointer to it (and the replies to it).
    placed = {node.comment.pk for node in _walk(threads)}
    return {
        "threads": threads,
        "pager": page_obj,
        "featured": featured,
        "featured_nodes": [Node(comment) for comment in featured],
        "featured_ids": {comment.pk for comment in featured},
        "placed_here": placed,
        "sort": sort if sort in SORTS else DEFAULT_SORT,
        "count": comment_count(article),
    }


def _walk(nodes):
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.replies)


def liked_by(member, comments):
    """The ids among `comments` that `member` has liked."""
    if not getattr(member, "is_authenticated", False):
        return set()
    from ..models import Like

    return set(
        Like.objects.filter(member=member, comment__in=comments).values_list(
            "comment_id", flat=True
        )
    )


def increment_likes(comment_id, delta):
    Comment.objects.filter(pk=comment_id).update(like_count=F("like_count") + delta)
