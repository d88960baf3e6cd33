from django.core.management.base import BaseCommand

from masthead.core import edgepages


class Command(BaseCommand):
    help = (
        "Delete the anonymous pages written for nginx (EDGE_PAGES_DIR) once they are older "
        "than PAGE_CACHE_SHARED_SECONDS; the scheduler runs it every minute."
    )

    def handle(self, *args, **options):
        if edgepages.root() is None:
            if options["verbosity"] > 1:
                self.stdout.write("EDGE_PAGES_DIR is not set: no files to sweep.")
            return
        removed = edgepages.sweep()
        if removed or options["verbosity"] > 1:
            self.stdout.write(f"Removed {removed} edge page file(s).")
