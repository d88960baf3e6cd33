"""What the load balancer and the operator ask: can this instance serve, and is work piling up?"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from . import tasks


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


def shared_cache():
    key, token = "health:probe", secrets.token_hex(8)
    cache.set(key, token, 30)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not return what was stored")
    return {"status": "ok"}


def task_queue():
    """Ready tasks and how long the oldest has waited (only the database queue can tell)."""
    if not tasks.uses_database_queue():
        return {"status": "ok", "backend": settings.TASKS["default"]["BACKEND"]}
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values("enqueued_at", "run_after").first()
    lag = 0.0
    if oldest:
        now = timezone.now()
        became_ready = oldest["enqueued_at"]
        if oldest["run_after"] <= now:  # a delayed task waits from when it became due
            became_ready = max(became_ready, oldest["run_after"])
        lag = max(0.0, (now - became_ready).total_seconds())
    limit = settings.HEALTH_QUEUE_LAG_LIMIT
    return {
        "status": "ok" if lag <= limit else "lagging",
        "ready": ready.count(),
        "lag_seconds": round(lag, 1),
        "lag_limit_seconds": limit,
    }


CHECKS = {"database": database, "cache": shared_cache, "tasks": task_queue}
REQUIRED = ("database", "cache")  # without these the instance cannot serve


def readiness():
    """(HTTP status, report). A lagging queue degrades the report but keeps the instance in
    rotation: pages still serve, and taking web servers out would not drain the queue."""
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure is reported, never raised
            report[name] = {"status": "error", "error": error.__class__.__name__}
    if any(report[name]["status"] != "ok" for name in REQUIRED):
        return 503, {"status": "unavailable", **report}
    degraded = any(part["status"] != "ok" for part in report.values())
    return 200, {"status": "degraded" if degraded else "ok", **report}
