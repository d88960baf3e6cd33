"""`masthead alerts rotate-keys | release | resume <id>`: the operator's alert tools."""

from django.core.management.base import BaseCommand, CommandError

from masthead.alerts import keys, services
from masthead.alerts.models import Alert


class Command(BaseCommand):
    help = "Breaking-news alerts: rotate the VAPID key, release held alerts, resume sending."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rotate-keys", help="make a new VAPID key; the old one keeps signing")
        sub.add_parser("release", help="send held alerts whose quiet hours are over")
        resume = sub.add_parser("resume", help="send what an alert has not sent yet")
        resume.add_argument("alert_id", type=int)

    def handle(self, *args, action, **options):
        if action == "rotate-keys":
            try:
                key = keys.rotate()
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"New VAPID key {key.key_id}: {key.application_server_key}")
        elif action == "release":
            self.stdout.write(f"Released {services.release_held()} held alert(s).")
        elif action == "resume":
            if not Alert.objects.filter(pk=options["alert_id"]).exists():
                raise CommandError(f"No alert {options['alert_id']}.")
            if services.resume(options["alert_id"]):
                self.stdout.write("Queued again what the alert had not sent yet.")
            else:
                self.stdout.write("Nothing left to send: the alert is finished.")
