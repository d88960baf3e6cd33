"""WordPress comments → imported comments: approved ones only, threaded, with their dates and
display names; spam, trash, held comments and pingbacks are left out. The commenter's email
stays private and no account is made. On a story each is published as a comment readers see
(comments' `Comment`, with no member behind it and the name it had); threads deeper than the
site allows join their parent's conversation, as a reply posted there would."""

from masthead.comments import rendering
from masthead.comments.models import Comment
from masthead.comments.services import thread_position
from masthead.news.models import ArticlePage

from . import content
from .models import ImportedComment

SKIPPED = {"spam": "spam comments", "trash": "comments in the trash", "0": "comments held"}


def approved(item, report):
    """{WordPress id: comment} of the comments to keep; the others are counted as skipped."""
    by_id = {}
    for comment in item["comments"]:
        state = comment.get("comment_approved", "").strip()
        if state != "1":
            report.skipped[SKIPPED.get(state, f"comments marked {state!r}")] += 1
            continue
        if comment.get("comment_type", "").strip() in {"pingback", "trackback"}:
            report.skipped["pingbacks and trackbacks"] += 1
            continue
        wp_id = comment.get("comment_id", "").strip()
        if wp_id.isdigit():
            by_id[wp_id] = comment
    return by_id


def threads(by_id):
    """The comments parents first: [(wp_id, parent's wp_id or None)], a loop in the thread
    broken where it closes."""
    order, placed = [], set()

    def place(wp_id, seen=()):
        if wp_id in placed:
            return
        parent = by_id[wp_id].get("comment_parent", "").strip()
        if parent in by_id and parent not in seen and parent != wp_id:
            place(parent, (*seen, wp_id))
        else:
            parent = None
        placed.add(wp_id)
        order.append((wp_id, parent))

    for wp_id in by_id:
        place(wp_id)
    return order


def fields(comment, page, dates):
    return {
        "page": page,
        "author_name": (comment.get("comment_author") or "").strip()[:255] or "Anonymous",
        "author_email": (comment.get("comment_author_email") or "").strip()[:255],
        "author_url": (comment.get("comment_author_url") or "").strip(),
        "created_at": dates(comment.get("comment_date_gmt"), comment.get("comment_date"))
        or page.first_published_at,
        "text": content.plain_text(comment.get("comment_content", "")),
    }


def import_comments(item, page, source_site, dates, report):
    """Import the approved comments of one item onto `page`, made or updated one at a time
    (a story imported before); return how many are kept."""
    by_id = approved(item, report)
    kept = {}
    for wp_id, parent in threads(by_id):
        row, _ = ImportedComment.objects.update_or_create(
            source_site=source_site,
            wp_id=int(wp_id),
            defaults={**fields(by_id[wp_id], page, dates), "parent": kept.get(parent)},
        )
        if isinstance(page, ArticlePage):
            shown = published(row, kept[parent].comment if parent else None, row.comment)
            shown.save()
            if row.comment_id != shown.pk:
                row.comment = shown
                row.save(update_fields=["comment"])
        kept[wp_id] = row
    return len(kept)


def published(row, parent, comment=None):
    """The comment readers see for an imported one (unsaved): approved, no member behind it,
    under `parent` (the published parent) or higher when the thread is deeper than allowed."""
    comment = comment or Comment(status=Comment.Status.APPROVED)
    for name, value in thread_position(parent).items():
        setattr(comment, name, value)
    comment.article_id = row.page_id
    comment.author_name = row.author_name
    comment.text = rendering.normalise(row.text)
    comment.created_at = row.created_at
    return comment


def create_comments(stories, source_site, report):
    """The comments of many new stories at once (`bulk`), one multi-row INSERT per depth of
    the threads: `stories` is [(item, page, dates)]. Returns how many are kept."""
    levels = []  # per depth: [(row, parent's key)]
    depth_of = {}
    for item, page, dates in stories:
        by_id = approved(item, report)
        for wp_id, parent in threads(by_id):
            key = (page.pk, wp_id)
            depth = depth_of[(page.pk, parent)] + 1 if parent else 0
            depth_of[key] = depth
            row = ImportedComment(
                source_site=source_site, wp_id=int(wp_id), **fields(by_id[wp_id], page, dates)
            )
            if depth == len(levels):
                levels.append([])
            levels[depth].append((key, row, (page.pk, parent) if parent else None))
    made = {}
    for level in levels:
        for key, row, parent in level:
            row.parent = made[parent] if parent else None
            made[key] = row
        shown = [
            (row, published(row, row.parent.comment if row.parent else None))
            for _, row, _ in level
            if isinstance(row.page, ArticlePage)
        ]
        Comment.objects.bulk_create([comment for _, comment in shown])
        for row, comment in shown:
            row.comment = comment
        ImportedComment.objects.bulk_create([row for _, row, _ in level])
    return len(made)
