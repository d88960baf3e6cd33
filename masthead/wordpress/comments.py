"""WordPress comments → imported comments: approved ones only, threaded, with their dates and
display names; spam, trash, held comments and pingbacks are left out. The commenter's email
stays private and no account is made."""

from . import content
from .models import ImportedComment

SKIPPED = {"spam": "spam comments", "trash": "comments in the trash", "0": "comments held"}


def import_comments(item, page, source_site, dates, report):
    """Import the approved comments of one item onto `page`; return how many are kept."""
    by_id = {}
    for comment in item["comments"]:
        approved = comment.get("comment_approved", "").strip()
        if approved != "1":
            report.skipped[SKIPPED.get(approved, f"comments marked {approved!r}")] += 1
            continue
        if comment.get("comment_type", "").strip() in {"pingback", "trackback"}:
            report.skipped["pingbacks and trackbacks"] += 1
            continue
        by_id[comment.get("comment_id", "").strip()] = comment
    kept = {}

    def keep(wp_id, seen=()):
        if wp_id in kept:
            return kept[wp_id]
        comment = by_id[wp_id]
        parent_id = comment.get("comment_parent", "").strip()
        parent = None
        if parent_id in by_id and parent_id not in seen and parent_id != wp_id:
            parent = keep(parent_id, (*seen, wp_id))
        created = dates(comment.get("comment_date_gmt"), comment.get("comment_date"))
        row, _ = ImportedComment.objects.update_or_create(
            source_site=source_site,
            wp_id=int(wp_id),
            defaults={
                "page": page,
                "parent": parent,
                "author_name": (comment.get("comment_author") or "").strip()[:255] or "Anonymous",
                "author_email": (comment.get("comment_author_email") or "").strip()[:255],
                "author_url": (comment.get("comment_author_url") or "").strip(),
                "created_at": created or page.first_published_at,
                "text": content.plain_text(comment.get("comment_content", "")),
            },
        )
        kept[wp_id] = row
        return row

    for wp_id in by_id:
        if wp_id.isdigit():
            keep(wp_id)
    return len(kept)
