from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from masthead.demo import archive as archive_generator
from masthead.demo import services


class Command(BaseCommand):
    help = "Load the demo content (idempotent); --archive N adds N synthetic articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--archive",
            type=int,
            default=0,
            metavar="N",
            help="also generate N realistic synthetic articles",
        )
        parser.add_argument("--quiet", action="store_true", help="print only the summary")

    def handle(self, *args, archive: int, quiet: bool, **options):
        say = (lambda message: None) if quiet else (lambda m: self.stdout.write(f"  loading {m}…"))
        result = services.load_demo(progress=say)
        if archive > 0:
            with tqdm(
                total=archive, unit="article", desc="Generating archive", disable=quiet
            ) as bar:
                archive_seed = 1000 + result["home"].get_descendants().count()
                archive_generator.generate(
                    archive, seed_value=archive_seed, with_photos=True, progress=bar.update
                )
        if archive > 0 or result["bulk_written"]:
            # Written in bulk, without signals: index the new stories for search now.
            call_command("search", "reindex", no_progress=quiet, stdout=self.stdout)
        article = result["article"]
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"  Site:         {settings.SITE_URL}/")
        self.stdout.write(f"  Seed article: {settings.SITE_URL}{article.url}")
        self.stdout.write(f"  Editor admin: {settings.SITE_URL}/admin/")
        for username, account in result["credentials"].items():
            role = f"({account.get('role', 'staff')})"
            self.stdout.write(
                f"    {username:<10} {role:<18} {account['email']} / {account['password']}"
            )
        if settings.DEMO_MODE:
            self.stdout.write(f"  Outbox:       {settings.SITE_URL}/_outbox/")
