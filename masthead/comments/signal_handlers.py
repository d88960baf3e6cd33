"""What comments does when something it depends on changes outside it."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Comment, Like
from .services import purging, reading


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="comments.member_deleted")
def forget_a_deleted_members_words(sender, instance, **kwargs):
    """A member's account is being deleted: their comments (and the replies under them) go
    with it. Every cached copy of the comments of each article they wrote on or liked is
    dropped as the deletion commits, so their words are never served again; the comments
    they liked count one like fewer."""
    written = set(Comment.objects.filter(author=instance).values_list("article_id", flat=True))
    liked = Like.objects.filter(member=instance).exclude(comment__author=instance)
    for comment_id, article_id in liked.values_list("comment_id", "comment__article_id"):
        reading.increment_likes(comment_id, -1)
        written.add(article_id)
    purging.forget(written)
