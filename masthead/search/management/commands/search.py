"""`masthead search reindex`: rebuild the articles' search index, with a progress bar."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from masthead.search import services


class Command(BaseCommand):
    help = "Search index maintenance. `reindex` rebuilds the index of every article."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True)
        reindex = subcommands.add_parser("reindex", help="Rebuild the index of every article.")
        reindex.add_argument("--no-progress", action="store_true", help="Print no progress bar.")

    def handle(self, *args, action, **options):
        if action == "reindex":
            self.reindex(progress=not options.get("no_progress"))

    def reindex(self, *, progress):
        bar = tqdm(unit="article", disable=not progress, file=self.stderr._out)

        def report(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        count = services.reindex(report)
        bar.close()
        self.stdout.write(f"Indexed {count} article{'s' if count != 1 else ''}.")
