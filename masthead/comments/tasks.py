from django.tasks import task


@task()
def notify_reply(comment_id):
    """Email the parent's author about a published reply, once. Safe to run twice."""
    from .services import notifications

    return notifications.send_reply_notification(comment_id)
