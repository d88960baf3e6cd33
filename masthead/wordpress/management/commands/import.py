"""`masthead import wordpress EXPORT.xml [--media-dir DIR] [--media-from URL] [--dry-run]
[--sections MAP]`, and `masthead import progress` for the follow-up tasks of the last run."""

import sys

from django.core.management.base import BaseCommand, CommandError

from masthead.core import clock
from masthead.wordpress import importer, people, wxr
from masthead.wordpress.models import ImportRun


class Progress:
    """A bar on a terminal; a plain line every 5% elsewhere (logs, CI)."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.last = -1

    def __call__(self, done, total, label):
        if not total:
            return
        percent = min(100, done * 100 // total)
        if self.tty:
            filled = percent * 30 // 100
            self.stream.write(f"\r[{'#' * filled}{' ' * (30 - filled)}] {percent:3d}%  {label:<8}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif percent // 5 != self.last // 5 or done >= total:
            if percent != self.last:
                self.stream.write(f"import: {percent}% ({label})\n")
                self.stream.flush()
        self.last = percent


class Command(BaseCommand):
    help = "Import a site's content from another platform: `import wordpress EXPORT.xml`."

    def add_arguments(self, parser):
        parser.add_argument(
            "source", choices=["wordpress", "progress"], help="What to import from."
        )
        parser.add_argument("export", nargs="?", help="The WordPress export (WXR) file.")
        parser.add_argument("--media-dir", help="A copy of the site's wp-content/uploads folder.")
        parser.add_argument(
            "--media-from", help="The old site's uploads address, to fetch the photos from."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything, write nothing, print the report.",
        )
        parser.add_argument(
            "--sections",
            help="A file mapping categories to sections or topics (`slug = section [Title]`).",
        )

    def handle(self, *args, **options):
        if options["source"] == "progress":
            return self.progress()
        if not options["export"]:
            raise CommandError("Name the export: masthead import wordpress EXPORT.xml")
        job = importer.Importer(
            importer.Options(
                path=options["export"],
                media_dir=options["media_dir"],
                media_from=options["media_from"],
                dry_run=options["dry_run"],
                sections=options["sections"],
            ),
            progress=Progress(sys.stderr),
        )
        started = clock.now()
        try:
            report = job.run_import()
        except (wxr.WXRError, people.MappingError) as error:
            raise CommandError(str(error)) from None
        if not options["dry_run"]:
            path = importer.report_path(started)
            report.path = str(path)
            path.write_text(report.render(), encoding="utf-8")
            if job.run is not None:
                ImportRun.objects.filter(pk=job.run.pk).update(report_path=str(path))
        self.stdout.write(report.render())

    def progress(self):
        run = ImportRun.objects.order_by("-started_at", "-pk").first()
        if run is None:
            self.stdout.write("No import has run yet.\n")
            return
        self.stdout.write(
            f"{run}: {run.tasks_done} of {run.tasks_total} follow-up task(s) done "
            "(search index, renditions, reference index).\n"
        )
