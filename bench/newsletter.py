"""Benchmark: one Daily Edition to many subscribers into a local SMTP sink.

    flock /tmp/masthead-bench.lock .venv/bin/python -m bench.newsletter \
        [--subscribers 100000] [--workers 2] [--database-url postgres://…|sqlite]

Runs the real thing on a fresh database (PostgreSQL `masthead_h6bench` by default, dropped
and created again; `--database-url sqlite` for a SQLite file in a fresh data folder): the
demo content, N subscribers, an edition of the demo's stories, N task worker processes
(`masthead db_worker`) sending through `EMAIL_URL` to an SMTP sink (aiosmtpd, in its own
process, counting messages per recipient). Reports the time from "Send now" (the start
task queued) to the last message accepted, messages per second, the workers' peak memory,
and the sink's own ceiling measured in the same run: as many client processes as the send
has SMTP connections, sending pre-built copies of the same edition.
"""

import argparse
import json
import multiprocessing
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import (
    cpu_seconds,
    machine_busy_seconds,
    peak_memory_mb,
    recreate_postgres_database,
)

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/masthead_h6bench"


# The sink: its own process, so its event loop has a core's worth of Python to itself.


class CountingSink:
    """Accepts every message; counts messages and messages per recipient."""

    def __init__(self, counter):
        self.counter = counter
        self.per_recipient = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.per_recipient.update(envelope.rcpt_tos)
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 OK"


def run_sink(port, counter, pipe):
    from aiosmtpd.controller import Controller

    handler = CountingSink(counter)
    controller = Controller(handler, hostname="127.0.0.1", port=port, data_size_limit=None)
    controller.start()
    pipe.send("ready")
    while True:
        command = pipe.recv()
        if command == "reset":
            handler.per_recipient.clear()
            with counter.get_lock():
                counter.value = 0
            pipe.send("ok")
        elif command == "report":
            counts = handler.per_recipient
            pipe.send(
                {
                    "recipients": len(counts),
                    "messages": sum(counts.values()),
                    "duplicates": sum(n - 1 for n in counts.values() if n > 1),
                }
            )
        elif command == "stop":
            controller.stop()
            return


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def blast(port, raw, count, result):
    """One ceiling client: ``count`` pre-built messages over one SMTP connection."""
    with smtplib.SMTP("127.0.0.1", port) as client:
        for n in range(count):
            client.sendmail("news@masthead.localhost", [f"ceiling{n}@example.com"], raw)
    result.put(count)


def ceiling(port, raw, clients, messages):
    """Messages per second the sink takes from ``clients`` senders of pre-built messages."""
    result = multiprocessing.Queue()
    per_client = messages // clients
    processes = [
        multiprocessing.Process(target=blast, args=(port, raw, per_client, result))
        for _ in range(clients)
    ]
    started = time.monotonic()
    for process in processes:
        process.start()
    sent = sum(result.get() for _ in processes)
    elapsed = time.monotonic() - started
    for process in processes:
        process.join()
    return sent / elapsed


# The database and the data.


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument(
        "--connections", type=int, help="SMTP connections per batch run (default: the setting)"
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--ceiling-messages", type=int, default=20_000)
    parser.add_argument(
        "--ceiling-clients",
        type=int,
        default=0,
        help="senders for the ceiling (default: as many as the send's SMTP connections)",
    )
    parser.add_argument("--timeout", type=float, default=600, help="give up after (seconds)")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="masthead-bench-newsletter-"))
    port = free_port()
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(data_dir),
        "SITE_URL": "http://127.0.0.1:8000",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}?timeout=30",
        "NEWSLETTERS_BATCH_SIZE": str(args.batch_size),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    if args.connections:
        env["NEWSLETTERS_SMTP_CONNECTIONS"] = str(args.connections)
    env.pop("MASTHEAD_TESTING", None)
    sqlite = args.database_url in ("", "sqlite")
    if sqlite:
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = args.database_url
    os.environ.update(env)
    database = "SQLite (WAL) file" if sqlite else f"PostgreSQL {urlsplit(args.database_url).path}"
    print(f"data folder {data_dir}; database: {database}", flush=True)

    counter = multiprocessing.Value("q", 0)
    parent_pipe, child_pipe = multiprocessing.Pipe()
    sink = multiprocessing.Process(target=run_sink, args=(port, counter, child_pipe))
    sink.start()
    assert parent_pipe.recv() == "ready"
    workers = []
    try:
        started = time.monotonic()
        if not sqlite:
            recreate_postgres_database(args.database_url)
        for command in (["migrate", "--no-input", "-v0"], ["demo"]):
            subprocess.run(
                [PYTHON, "-m", "masthead", *command], env=env, check=True, stdout=subprocess.DEVNULL
            )
        print(f"migrated and loaded the demo in {time.monotonic() - started:.1f} s", flush=True)

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
        django.setup()
        from django.db import connections
        from django.utils import timezone

        from masthead.news.models import ArticlePage
        from masthead.newsletters.models import Edition, EditionStory, Send, Subscription
        from masthead.newsletters.services import editions, outbox, sending
        from masthead.newsletters.services.subscriptions import ensure_daily_edition
        from masthead.newsletters.tasks import start_send

        started = time.monotonic()
        daily = ensure_daily_edition()
        for offset in range(0, args.subscribers, 10_000):
            Subscription.objects.bulk_create(
                Subscription(
                    newsletter=daily,
                    email=f"reader{n}@example.com",
                    status=Subscription.Status.SUBSCRIBED,
                    source="bench",
                )
                for n in range(offset, min(offset + 10_000, args.subscribers))
            )
        edition = Edition.objects.create(newsletter=daily, date=timezone.localdate())
        stories = ArticlePage.objects.live().order_by("-published_at")[:8]
        EditionStory.objects.bulk_create(
            EditionStory(edition=edition, article=article, sort_order=index)
            for index, article in enumerate(stories)
        )
        rendered = editions.render(edition)
        template = outbox.MessageTemplate(
            sending.build_message(
                edition,
                rendered,
                to=outbox.TO_PLACEHOLDER,
                token=editions.TOKEN_PLACEHOLDER,
                message_id=outbox.MESSAGE_ID_PLACEHOLDER,
            )
        )
        raw = template.render(
            to="ceiling@example.com", token="t" * 43, message_id="<ceiling@masthead.localhost>"
        )
        print(
            f"{args.subscribers} subscribers and an edition of {len(stories)} stories "
            f"({len(raw) / 1024:.1f} KB a message) in {time.monotonic() - started:.1f} s",
            flush=True,
        )

        connections.close_all()  # the ceiling's client processes are forked from here
        from masthead.newsletters import conf

        clients = args.ceiling_clients or args.workers * conf.get("NEWSLETTERS_SMTP_CONNECTIONS")
        ceiling_rate = ceiling(port, raw, clients, args.ceiling_messages)
        print(
            f"sink ceiling: {ceiling_rate:.0f} messages/s "
            f"({clients} clients sending {args.ceiling_messages} pre-built messages)",
            flush=True,
        )
        parent_pipe.send("reset")
        parent_pipe.recv()

        for number in range(args.workers):
            workers.append(
                subprocess.Popen(
                    [PYTHON, "-m", "masthead", "db_worker", "--interval", "0.2",
                     "--no-startup-delay", "--worker-id", f"bench-{number}"],
                    env=env, stdout=subprocess.DEVNULL,
                    stderr=(data_dir / f"worker-{number}.log").open("w"),
                )
            )  # fmt: skip
        sink_cpu, machine_busy = cpu_seconds(sink.pid), machine_busy_seconds()
        clicked = time.monotonic()
        start_send.enqueue(edition.pk)  # what "Send now" queues
        deadline = clicked + args.timeout
        last_report, done = clicked, False
        while time.monotonic() < deadline:
            time.sleep(0.5)
            count = counter.value
            if count >= args.subscribers:
                state = Send.objects.filter(edition=edition).values_list("state", flat=True)
                done = state.first() == Send.State.DONE
                if done:
                    break
            if time.monotonic() - last_report >= 5:
                elapsed = time.monotonic() - clicked
                print(
                    f"  {elapsed:6.1f} s  {count:>7} / {args.subscribers} messages"
                    f"  ({count / elapsed:.0f}/s)",
                    flush=True,
                )
                last_report = time.monotonic()
            for worker in workers:
                if worker.poll() is not None:
                    raise SystemExit(f"a worker exited with status {worker.returncode}")
        finished = time.monotonic()
        workers_cpu = sum(cpu_seconds(worker.pid) for worker in workers)
        sink_cpu = cpu_seconds(sink.pid) - sink_cpu
        machine_busy = machine_busy_seconds() - machine_busy
        peaks = [peak_memory_mb(worker.pid) for worker in workers]
        parent_pipe.send("report")
        summary = parent_pipe.recv()
        if not done:
            print(f"gave up after {args.timeout:.0f} s: {summary}", flush=True)
            return 1
        total = finished - clicked
        rate = summary["messages"] / total
        result = {
            "subscribers": args.subscribers,
            "workers": args.workers,
            "database": database,
            "total_seconds": round(total, 1),
            "messages_per_second": round(rate),
            "sink_ceiling_per_second": round(ceiling_rate),
            "ratio_to_ceiling": round(rate / ceiling_rate, 3),
            "peak_worker_memory_mb": [round(p) for p in peaks],
            "cpu_seconds": {
                "workers": round(workers_cpu, 1),
                "sink": round(sink_cpu, 1),
                "everything_else": round(machine_busy - workers_cpu - sink_cpu, 1),
                "available": round(os.cpu_count() * total, 1),
            },
            "sink": summary,
        }
        print(
            f"\n{summary['messages']} messages to {summary['recipients']} recipients in "
            f"{total:.1f} s: {rate:.0f} messages/s = {rate / ceiling_rate:.0%} of the sink's "
            f"ceiling ({ceiling_rate:.0f}/s); duplicates {summary['duplicates']}; "
            f"peak worker memory {', '.join(f'{p:.0f} MB' for p in peaks)}",
            flush=True,
        )
        print(
            f"CPU: workers {workers_cpu:.1f} s ({workers_cpu * 1e6 / summary['messages']:.0f} µs "
            f"a message), sink {sink_cpu:.1f} s, everything else (the database, this process, "
            f"other programs) {machine_busy - workers_cpu - sink_cpu:.1f} s, "
            f"of {os.cpu_count() * total:.1f} s on {os.cpu_count()} cores",
            flush=True,
        )
        print(json.dumps(result), flush=True)
        missing = args.subscribers - summary["recipients"]
        return 1 if missing or summary["duplicates"] else 0
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
        parent_pipe.send("stop")
        sink.join(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
