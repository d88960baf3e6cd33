"""Fault test: task worker processes killed with SIGKILL in the middle of a 5,000-recipient
send, on a real SQLite database file, sending to a real SMTP server. After the stuck-batch
sweep and a new worker, every subscriber has the edition and at most one message per kill
arrived twice, with the same Message-ID."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.smtp import Sink, free_port

RECIPIENTS = 5000
ROOT = Path(__file__).resolve().parents[2]
# Bounds, not expectations: the test fails with a clear message if a step never happens.
STEP_LIMIT = 300

SETUP = f"""
from django.utils import timezone
from masthead.news.models import ArticlePage
from masthead.newsletters.models import Edition, EditionStory, Subscription
from masthead.newsletters.services import sending
from masthead.newsletters.services.subscriptions import ensure_daily_edition

daily = ensure_daily_edition()
Subscription.objects.bulk_create(
    Subscription(newsletter=daily, email=f"reader{{n}}@example.com", status="subscribed")
    for n in range({RECIPIENTS})
)
edition = Edition.objects.create(newsletter=daily, date=timezone.localdate())
for index, article in enumerate(ArticlePage.objects.live().order_by("-published_at")[:3]):
    EditionStory.objects.create(edition=edition, article=article, sort_order=index)
sending.start(edition.pk)
"""


def masthead(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "masthead", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        **kwargs,
    )


def worker(env, name):
    return subprocess.Popen(
        [sys.executable, "-m", "masthead", "db_worker", "--interval", "0.1",
         "--no-startup-delay", "--worker-id", name],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_until(condition, what):
    deadline = time.monotonic() + STEP_LIMIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def test_killed_workers_lose_nothing_and_duplicate_at_most_one_message_per_kill(tmp_path):
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "http://127.0.0.1:8000",
        "NEWSLETTERS_BATCH_SIZE": "500",
        "LOG_LEVEL": "ERROR",
    }
    for name in ("MASTHEAD_TESTING", "DATABASE_URL", "TASKS_BACKEND"):
        env.pop(name, None)  # the real task queue, on a database file of its own
    processes = []
    try:
        masthead(env, "migrate", "--no-input", "-v0")
        masthead(env, "demo")
        masthead(env, "shell", "-c", SETUP)
        database = sqlite3.connect(tmp_path / "masthead.sqlite3", timeout=30)

        def send_state():
            row = database.execute("SELECT state FROM newsletters_send").fetchone()
            return row[0] if row else None

        assert send_state() == "sending"
        first, second = worker(env, "kill-a"), worker(env, "kill-b")
        processes += [first, second]
        counts_at_kill = []
        for victim, threshold in ((first, RECIPIENTS // 4), (second, RECIPIENTS // 2)):
            wait_until(lambda t=threshold: len(sink.messages) >= t, f"{threshold} messages")
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            counts_at_kill.append(len(sink.messages))
        assert counts_at_kill[-1] < RECIPIENTS, "the send finished before the workers died"

        # Later, the scheduler's sweep finds the dead workers' batches silent (as if
        # NEWSLETTERS_STUCK_SECONDS had passed) and queues them again; a new worker runs them.
        masthead({**env, "NEWSLETTERS_STUCK_SECONDS": "0"}, "newsletters_send_due")
        processes.append(worker(env, "restarted"))
        wait_until(lambda: send_state() == "done", "the send to finish")

        per_recipient = defaultdict(list)
        for message in sink.messages:
            per_recipient[message["To"]].append(message["Message-ID"])
        assert set(per_recipient) == {f"reader{n}@example.com" for n in range(RECIPIENTS)}
        duplicates = Counter(
            {to: len(ids) - 1 for to, ids in per_recipient.items() if len(ids) > 1}
        )
        assert sum(duplicates.values()) <= len(counts_at_kill), duplicates
        for to in duplicates:  # a copy sent again is the same message, recognisably
            assert len(set(per_recipient[to])) == 1
        statuses = dict(
            database.execute("SELECT status, count(*) FROM newsletters_delivery GROUP BY status")
        )
        assert statuses == {"sent": RECIPIENTS}
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        controller.stop()
