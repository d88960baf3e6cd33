"""Comments' part of a member's data export (the accounts app's `masthead_member_data`)."""

from .models import Comment, Like, Preferences, Report


def _when(moment):
    return moment.isoformat() if moment else None


def member_data(member):
    """Everything the member wrote, liked and reported, and their comment settings."""
    comments = Comment.objects.filter(author=member).select_related("article")
    likes = Like.objects.filter(member=member).select_related("comment__article")
    reports = Report.objects.filter(reporter=member).select_related("comment__article")
    preferences = Preferences.objects.filter(member=member).first()
    return "comments", {
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": comment.article.full_url,
                "in_reply_to": comment.parent_id,
                "text": comment.text,
                "status": comment.status,
                "featured": comment.featured,
                "created_at": _when(comment.created_at),
                "edited_at": _when(comment.edited_at),
                "deleted_at": _when(comment.deleted_at),
            }
            for comment in comments.order_by("created_at", "pk")
        ],
        "likes": [
            {
                "comment": like.comment_id,
                "article": like.comment.article.title,
                "created_at": _when(like.created_at),
            }
            for like in likes.order_by("created_at", "pk")
        ],
        "reports": [
            {
                "comment": report.comment_id,
                "article": report.comment.article.title,
                "reason": report.reason,
                "detail": report.detail,
                "created_at": _when(report.created_at),
                "resolved_at": _when(report.resolved_at),
            }
            for report in reports.order_by("created_at", "pk")
        ],
        "notify_replies": preferences.notify_replies if preferences else False,
    }
