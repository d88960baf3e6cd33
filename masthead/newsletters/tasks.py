"""Newsletter work on the task worker: thin callers of ``services.sending``."""

from django.tasks import task


@task()
def start_send(edition_id, started_by_id=None):
    """Freeze an edition's recipients and queue its batches. Safe to run twice."""
    from .services import sending

    send = sending.start(edition_id, started_by=None)
    if send is not None and started_by_id and send.started_by_id is None:
        type(send).objects.filter(pk=send.pk).update(started_by_id=started_by_id)
    return send.pk if send else None


@task()
def send_batch(batch_id):
    """Send one batch over one SMTP connection. Safe to run twice: sends nothing twice."""
    from .services import sending

    return sending.send_batch(batch_id)


@task()
def send_due():
    """Assemble today's editions, start those due, resume stuck batches."""
    from .services import sending

    started = sending.due_editions()
    sending.resume()
    return started
