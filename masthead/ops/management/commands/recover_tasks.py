from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.ops import tasks


class Command(BaseCommand):
    help = "Put tasks whose worker died (running for too long) back in the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=None,
            help=f"seconds a task may run (default: {settings.TASKS_ABANDONED_AFTER})",
        )

    def handle(self, *args, older_than, **options):
        if not tasks.uses_database_queue():
            self.stdout.write("The task queue is not the database queue: nothing to recover.")
            return
        count = tasks.requeue_abandoned(older_than)
        if count or options["verbosity"] > 1:
            self.stdout.write(f"Requeued {count} abandoned task(s).")
