"""Start the whole site: granian (WSGI, see `masthead.core.web`), the task worker(s), the
scheduler and, in demo mode, the mail catcher and the demo's OpenID Connect issuer. Ctrl-C,
SIGTERM or a hangup stops every process it started, killing after a grace period what does
not stop (a second Ctrl-C: at once); it says "Masthead stopped." only once none is left."""

import http.client
import signal
import socket
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from masthead.core import ports, processes, web
from masthead.ops import tasks

SCHEDULER_INTERVAL = 60  # seconds between runs of the scheduled commands
SCHEDULED_COMMANDS = [
    "publish_scheduled",
    "newsletters_send_due",
    "recover_tasks",
    "edge_pages_sweep",
]
RESPAWN_PAUSE = 2  # seconds before a dead task worker is started again
WEB_START_WAIT = 30  # seconds the background processes wait for the web server at most


class Command(BaseCommand):
    help = "Serve Masthead: web, task workers, scheduled publishing, demo mail catcher."

    def add_arguments(self, parser):
        web.add_arguments(parser)
        parser.add_argument("--task-workers", type=int, default=1, help="task worker processes")
        parser.add_argument(
            "--no-mail-catcher", action="store_true", help="do not start the demo mail catcher"
        )

    def handle(self, *args, host, port, workers, threads, task_workers, no_mail_catcher, **options):
        python = sys.executable
        children = []
        stop = threading.Event()
        force = threading.Event()

        def shutdown(signum, frame):
            if stop.is_set():
                force.set()  # asked again while stopping: kill what is left now
            stop.set()

        # From the start: a stop while the web server starts stops everything started so far.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, shutdown)
        mail_catcher = settings.DEMO_MODE and not no_mail_catcher
        if not web.started:  # else `masthead` checked the ports before starting it
            try:
                web.check_ports(host, port, settings.MAIL_CATCHER_PORT if mail_catcher else None)
            except ports.PortTaken as error:
                raise CommandError(str(error)) from error
            processes.become_subreaper()

        def spawn(name, argv):
            process = web.start(argv)
            children.append((name, process, argv))
            return process

        argv = web.argv_for(host, port, workers, threads)
        if web.started:  # started by the `masthead` command, from these same options
            children.append(("web", web.started, argv))
        else:
            spawn("web", argv)
        # The readers first: the background processes start once the web server answers,
        # so they do not compete with its workers' start on a small machine.
        self.wait_until_serving(host, port, children[0][1], stop)
        for number in range(0 if stop.is_set() else task_workers):
            # The id names the worker's tasks, so a dead worker's can be requeued.
            worker_id = f"{socket.gethostname()[:40]}-worker-{number}"
            spawn(
                worker_id,
                [
                    python,
                    "-m",
                    "masthead",
                    "db_worker",
                    "--interval",
                    "0.5",
                    "--worker-id",
                    worker_id,
                ],
            )
        if mail_catcher and not stop.is_set():
            spawn("mail", [python, "-m", "masthead", "mailcatcher"])
        if settings.DEMO_MODE and not stop.is_set():
            # "Or Continue with" on a fresh demo: a local OpenID Connect issuer (demo_issuer).
            spawn("demo-issuer", [python, "-m", "masthead", "demo_issuer"])

        threading.Thread(target=self.run_scheduler, args=(stop,), daemon=True).start()
        self.stdout.write(f"Masthead is serving on http://{host}:{port}/ (Ctrl-C to stop)")
        exit_code = 0
        while not stop.is_set():
            for index, (name, process, argv) in enumerate(children):
                if process.poll() is None:
                    continue
                if "-worker-" in name:
                    # A task worker died (killed, out of memory): its task goes back in the
                    # queue and a new worker takes over; the site keeps serving.
                    self.stderr.write(
                        f"{name} exited with status {process.returncode}; restarting."
                    )
                    requeued = tasks.requeue_for_worker(name)
                    if requeued:
                        self.stderr.write(f"Requeued the {requeued} task(s) it was running.")
                    stop.wait(RESPAWN_PAUSE)
                    children[index] = (name, web.start(argv), argv)
                    continue
                self.stderr.write(f"{name} exited with status {process.returncode}; stopping.")
                exit_code = 1
                stop.set()
            stop.wait(0.5)
        left = processes.stop_tree(
            [process for _, process, _ in children], web.STOP_GRACE, force=force
        )
        if left:
            pids = " ".join(map(str, left))
            self.stderr.write(f"Masthead could not stop process(es) {pids}: kill -9 {pids}")
            sys.exit(1)
        self.stdout.write("Masthead stopped.")
        if exit_code:
            sys.exit(exit_code)

    @staticmethod
    def wait_until_serving(host, port, web, stop, seconds=WEB_START_WAIT):
        """Return once the web server answers a request (any answer: its workers are up), or
        has exited, or the wait is over (the background work starts anyway), or on a stop."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and web.poll() is None and not stop.is_set():
            connection = http.client.HTTPConnection(host, port, timeout=2)
            try:
                connection.request("GET", "/health/live")
                connection.getresponse().read()
                return
            except (OSError, http.client.HTTPException):
                stop.wait(0.05)
            finally:
                connection.close()

    def run_scheduler(self, stop):
        """Every minute: publish what is due, draft, start and resume due newsletters,
        requeue tasks whose worker died and delete edge page files past their freshness."""
        while not stop.wait(SCHEDULER_INTERVAL):
            for command in SCHEDULED_COMMANDS:
                try:
                    call_command(command, verbosity=0)
                except Exception as error:  # noqa: BLE001 - keep scheduling after a hiccup
                    self.stderr.write(f"{command} failed: {error}")
