"""/health/ready tells a load balancer whether this instance can serve, and the operator how
far behind the task queue is."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A Redis server that is not there: nothing listens on port 1.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
}


def enqueue_waiting_task(age):
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="masthead.search.tasks.index_page",
        backend_name="default",
        run_after=timezone.now() - age,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - age)


@pytest.mark.django_db
def test_ready_reports_database_cache_and_queue(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"]["status"] == "ok"
    assert report["cache"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE, HEALTH_QUEUE_LAG_LIMIT=300)
def test_a_queue_left_behind_degrades_readiness_without_leaving_rotation(client):
    enqueue_waiting_task(timedelta(seconds=30))
    report = client.get("/health/ready").json()
    assert report["tasks"]["ready"] == 1
    assert report["tasks"]["status"] == "ok"
    assert 25 <= report["tasks"]["lag_seconds"] < 300

    enqueue_waiting_task(timedelta(minutes=20))
    response = client.get("/health/ready")
    report = response.json()
    assert response.status_code == 200  # the web can still serve
    assert report["status"] == "degraded"
    assert report["tasks"] == {
        "status": "lagging",
        "ready": 2,
        "lag_seconds": pytest.approx(1200, abs=60),
        "lag_limit_seconds": 300,
    }


@pytest.mark.django_db
def test_cache_down_makes_the_instance_unready(client):
    with override_settings(CACHES=REDIS_DOWN):
        response = client.get("/health/ready")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["cache"]["status"] == "error"
    assert report["database"]["status"] == "ok"


def test_live_needs_nothing(client):
    assert client.get("/health/live").json() == {"status": "ok"}
