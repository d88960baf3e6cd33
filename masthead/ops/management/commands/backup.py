"""`masthead backup`: the database and media in one archive, with progress."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from masthead.ops import backup


class Command(BaseCommand):
    help = (
        "Back up the database and media files into one archive (restore with `masthead restore`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            help="archive path (default: masthead-backup-<time>.tar in the current folder)",
        )

    def handle(self, *args, output, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        destination = Path(output or f"masthead-backup-{stamp}.tar").resolve()
        if destination.is_dir():
            destination = destination / f"masthead-backup-{stamp}.tar"
        try:
            backup.check_destination(destination)  # before the progress bar starts
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        total = sum(path.stat().st_size for path, _ in backup.media_files())
        self.stdout.write("Copying the database…")
        try:
            with tqdm(
                total=total, unit="B", unit_scale=True, desc="media", file=self.stderr
            ) as bar:
                manifest = backup.create(destination, progress=bar.update)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        size = destination.stat().st_size / 1e6
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest.engine} database and {manifest.media_files} media "
                f"files to {destination} ({size:.1f} MB)."
            )
        )
