"""Benchmark: one breaking-news alert to many subscriptions through a loopback push service.

    .venv/bin/python bench/push.py [--subscriptions 100000] [--workers 2] [--sample 0.01]

Runs the real thing on a fresh data folder (SQLite by default, `--database-url` for
PostgreSQL): the loopback push service of the tests in its own process (it verifies the
VAPID token and decrypts a sample of the messages), N task worker processes
(`masthead db_worker`), and one alert created as the editor's form creates it. Reports
the time from the click to the last delivery, messages per second, and the encryption
ceiling (messages one core encrypts and signs per second) measured in the same run.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python bench/push.py` or `python -m bench.push`
from bench.common import cpu_seconds, machine_busy_seconds, peak_memory_mb  # noqa: E402

PYTHON = sys.executable


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=float, default=0.01)
    parser.add_argument("--batch-size", type=int, help="ALERTS_BATCH_SIZE (default: the setting)")
    parser.add_argument("--in-flight", type=int, help="ALERTS_SEND_THREADS (default: the setting)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="masthead-bench-push-"))
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(data_dir),
        "SITE_URL": "http://127.0.0.1:8000",
        "ALERTS_PUSH_SERVICES": "http://127.0.0.1:*",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    if args.batch_size:
        env["ALERTS_BATCH_SIZE"] = str(args.batch_size)
    if args.in_flight:
        env["ALERTS_SEND_THREADS"] = str(args.in_flight)
    env.pop("MASTHEAD_TESTING", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
    os.environ.update(env)
    processes = []
    workers = []
    try:
        print(f"data folder {data_dir}", flush=True)
        subs_file = data_dir / "subscriptions.jsonl"
        started = time.monotonic()
        service = subprocess.Popen(
            [PYTHON, "-m", "tests.push_service", "--subscribers", str(args.subscriptions),
             "--out", str(subs_file), "--sample", str(args.sample)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        processes.append(service)
        subprocess.run(
            [PYTHON, "-m", "masthead", "migrate", "--no-input", "-v0"], env=env, check=True
        )
        origin = service.stdout.readline().strip()
        print(f"push service {origin}: {args.subscriptions} key pairs and migrations "
              f"in {time.monotonic() - started:.1f} s", flush=True)  # fmt: skip

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
        django.setup()
        from django.conf import settings
        from django.db import transaction

        from masthead.alerts import keys, services
        from masthead.alerts.models import Alert, PushSubscription, SubscriptionTopic

        key_id = keys.keyring().current.key_id
        loaded = time.monotonic()
        rows = [json.loads(line) for line in subs_file.open()]
        for start in range(0, len(rows), 5000):
            chunk = PushSubscription.objects.bulk_create(
                [
                    PushSubscription(
                        endpoint=r["endpoint"],
                        p256dh=r["keys"]["p256dh"],
                        auth=r["keys"]["auth"],
                        key_id=key_id,
                        topics=["everyone"],
                    )
                    for r in rows[start : start + 5000]
                ]
            )
            SubscriptionTopic.objects.bulk_create(
                [SubscriptionTopic(subscription_id=s.pk, topic="everyone") for s in chunk]
            )
        print(f"stored {len(rows)} subscriptions in {time.monotonic() - loaded:.1f} s", flush=True)

        ceiling = encryption_ceiling(PushSubscription.objects.all()[:2000])
        print(f"encryption ceiling: {ceiling:,.0f} messages/s on one core", flush=True)

        for number in range(args.workers):
            worker = subprocess.Popen(
                [PYTHON, "-m", "masthead", "db_worker", "--interval", "0.1",
                 "--worker-id", f"bench-{number}", "--no-startup-delay"],
                env=env, stdout=subprocess.DEVNULL,
                stderr=open(data_dir / f"worker-{number}.log", "wb"),  # noqa: SIM115
            )  # fmt: skip
            processes.append(worker)
            workers.append(worker)
        wait_for_workers(args.workers)
        service_cpu = fetch_stats(origin)["cpu"]
        load_before = os.getloadavg()
        workers_cpu = sum(cpu_seconds(w.pid) for w in workers)
        machine_busy = machine_busy_seconds()

        clicked = time.time()
        with transaction.atomic():
            alert = services.create_alert(
                article=None, title="Benchmark: breaking news", body="One alert, many browsers."
            )
        last_print = 0
        while True:
            alert.refresh_from_db()
            now = time.time()
            if now - last_print >= 5:
                print(f"  {now - clicked:5.1f} s: {alert.sent:,} sent, {alert.delivered:,} "
                      f"delivered ({alert.state})", flush=True)  # fmt: skip
                last_print = now
            if alert.state == Alert.State.DONE or now - clicked > args.timeout:
                break
            time.sleep(0.25)
        load_after = os.getloadavg()
        stats = fetch_stats(origin)
        workers_cpu = sum(cpu_seconds(w.pid) for w in workers) - workers_cpu
        machine_busy = machine_busy_seconds() - machine_busy
        watched = time.time() - clicked
        memory = [peak_memory_mb(w.pid) for w in workers]
        total = stats["last"] - clicked
        sending = stats["last"] - stats["first"]
        rate = stats["delivered"] / sending if sending > 0 else 0
        print()
        print(f"subscriptions           {args.subscriptions:,}")
        print(f"task workers            {args.workers} (batches of {settings.ALERTS_BATCH_SIZE}, "
              f"{settings.ALERTS_SEND_THREADS} messages in flight each)")  # fmt: skip
        print(f"delivered (201)         {stats['delivered']:,} (alert: {alert.delivered:,}, "
              f"failed {alert.failed}, removed {alert.removed})")  # fmt: skip
        print(f"verified / decrypted    {stats['verified']:,} / {stats['decrypted']:,} "
              f"(sample {args.sample:.0%}), errors: {stats['errors'] or 'none'}")  # fmt: skip
        print(f"HTTP connections        {stats['connections']:,}")
        print(f"click → last delivery   {total:.1f} s")
        print(f"first → last delivery   {sending:.1f} s: {rate:,.0f} messages/s")
        print(f"encryption ceiling      {ceiling:,.0f} messages/s (one core)")
        print(f"share of the ceiling    {rate / ceiling:.0%}")
        pushed_cpu = stats["cpu"] - service_cpu
        print(f"push service CPU        {pushed_cpu:.1f} s")
        print(f"workers' CPU            {workers_cpu:.1f} s "
              f"({workers_cpu * 1e6 / max(stats['delivered'], 1):.0f} µs a message)")  # fmt: skip
        print(f"machine busy            {machine_busy:.1f} s of {os.cpu_count() * watched:.1f} "
              f"(other processes {machine_busy - workers_cpu - pushed_cpu:.1f} s, this one's "
              f"polling included)")  # fmt: skip
        print(f"worker peak memory      {', '.join(f'{m:.0f} MB' for m in memory)}")
        print(f"load average            {load_before[0]:.2f} before, {load_after[0]:.2f} after "
              f"({os.cpu_count()} cores)")  # fmt: skip
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def fetch_stats(origin):
    return json.load(urllib.request.urlopen(origin + "/stats", timeout=30))


def wait_for_workers(count, timeout=120):
    """Wait until every worker process has run a task: the click finds them all polling."""
    from django_tasks_db.models import DBTaskResult

    from masthead.alerts.tasks import check_alert

    deadline = time.monotonic() + timeout
    seen = set()
    while len(seen) < count and time.monotonic() < deadline:
        ids = [check_alert.enqueue(0).id for _ in range(count * 2)]
        while time.monotonic() < deadline:
            done = DBTaskResult.objects.filter(id__in=ids, finished_at__isnull=False)
            if done.count() == len(ids):
                break
            time.sleep(0.1)
        for worker_ids in done.values_list("worker_ids", flat=True):
            seen.update(worker_ids)
    print(f"{len(seen)} of {count} task workers ready", flush=True)


def encryption_ceiling(subscriptions, seconds=3.0):
    """Messages per second one core encrypts (RFC 8291) and signs (VAPID, cached per origin):
    the sender's own work per message, without HTTP or the database. Counted per second of
    this process's CPU time, so that other work on the machine does not lower it."""
    from masthead.alerts import keys
    from masthead.alerts.sender import encrypt, origin_of

    subscriptions = list(subscriptions)
    payload = b'{"title":"Benchmark: breaking news","body":"One alert, many browsers."}'
    ring = keys.keyring()
    count = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        for subscription in subscriptions:
            encrypt(subscription.p256dh, subscription.auth, payload)
            ring.find(subscription.key_id).authorization(
                origin_of(subscription.endpoint), ring.subject
            )
            count += 1
            if count % 200 == 0 and time.perf_counter() - started >= seconds:
                break
    return count / (time.process_time() - cpu_started)


if __name__ == "__main__":
    main()
