import asyncio

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from masthead.core import outbox, ports, web


class OutboxHandler:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        outbox.store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class Command(BaseCommand):
    help = "Run the demo mail catcher: an SMTP server on loopback whose messages /_outbox/ shows."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=web.port_number, default=settings.MAIL_CATCHER_PORT)

    def handle(self, *args, port, **options):
        try:
            ports.check_free("127.0.0.1", port, "mail catcher")
        except ports.PortTaken as error:
            raise CommandError(str(error)) from error
        controller = Controller(OutboxHandler(), hostname="127.0.0.1", port=port)
        controller.start()
        self.stdout.write(f"Mail catcher listening on 127.0.0.1:{port}")
        try:
            asyncio.run(asyncio.Event().wait())
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
