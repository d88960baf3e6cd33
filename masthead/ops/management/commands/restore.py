"""`masthead restore FILE`: put a backup's database and media back, with progress."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from masthead.ops import backup


class Command(BaseCommand):
    help = "Replace the database and media files with those of a `masthead backup` archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, no_input, **options):
        try:
            manifest = backup.inspect(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup of {manifest.created_at}: {manifest.engine} database, "
            f"{manifest.media_files} media files."
        )
        if not no_input:
            try:
                answer = input(
                    "This replaces the current database and media. Type 'yes' to go on: "
                )
            except EOFError:
                raise CommandError(
                    "No answer (nothing to read the confirmation from); nothing was changed. "
                    "Run it in a terminal, or add --no-input."
                ) from None
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            with tqdm(
                total=manifest.media_bytes,
                unit="B",
                unit_scale=True,
                desc="media",
                file=self.stderr,
            ) as bar:
                backup.restore(archive, progress=bar.update)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        # A backup from an older release: bring its schema up to this code's.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest.created_at}."))
