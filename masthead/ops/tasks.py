"""Tasks whose worker died: put them back in the queue so another worker runs them.

django-tasks-db marks a task RUNNING when a worker claims it and never looks back: a worker
killed mid-task (SIGKILL, out of memory, a lost machine) leaves it RUNNING for ever. Every
Masthead task is idempotent (indexing, renditions, newsletter and alert batches record what
they have done), so running one again is safe; losing one is not.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def uses_database_queue():
    """Whether tasks go through django-tasks-db, the only queue these functions can see."""
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def _running():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="RUNNING")


def _requeue(queryset):
    return queryset.update(status="READY", started_at=None)


def requeue_for_worker(worker_id):
    """Requeue what a worker that has just died was running (known by its id)."""
    ids = [
        task.pk
        for task in _running().only("pk", "worker_ids")
        if task.worker_ids[-1:] == [worker_id]
    ]
    return _requeue(_running().filter(pk__in=ids))


def requeue_abandoned(older_than=None):
    """Requeue tasks running for longer than any task takes (`TASKS_ABANDONED_AFTER`): their
    worker is gone, wherever it ran."""
    seconds = settings.TASKS_ABANDONED_AFTER if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=seconds)
    return _requeue(_running().filter(started_at__lte=cutoff))
