from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Assemble today's editions, start the sends that are due and resume stuck batches."

    def handle(self, *args, **options):
        from masthead.newsletters.services import sending

        started = sending.due_editions()
        resumed = sending.resume()
        self.stdout.write(f"{len(started)} send(s) started, {len(resumed)} batch(es) resumed.")
