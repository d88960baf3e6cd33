"""A task worker killed in the middle of a task: the task is run again by a new worker, never
lost. The real `masthead serve` supervises its workers; tasks running for longer than any
task takes are requeued by the scheduler wherever their worker ran."""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.live_site import running_site, site_shell


def wait_for(condition, what, seconds=120):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.1)
    return found


@pytest.mark.outage
def test_a_task_whose_worker_is_killed_runs_again_on_a_new_worker(tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    with running_site(tmp_path / "site") as site:
        site_shell(
            site, f"from tests.failures.held_task import held; held.enqueue({str(folder)!r})"
        )
        first = wait_for(lambda: list(folder.glob("started-*")), "the task starting")
        killed_pid = int(first[0].name.split("-")[1])
        os.kill(killed_pid, signal.SIGKILL)

        again = wait_for(
            lambda: [p for p in folder.glob("started-*") if p.name != first[0].name],
            "the task starting again on a new worker",
        )
        (folder / "go").touch()
        wait_for(lambda: (folder / "done").exists(), "the task finishing")
        assert int((folder / "done").read_text()) == int(again[0].name.split("-")[1])
        assert int((folder / "done").read_text()) != killed_pid
        status = site_shell(
            site,
            "from django_tasks_db.models import DBTaskResult; "
            "print(sorted(DBTaskResult.objects.filter(task_path__endswith='held')"
            ".values_list('status', flat=True)))",
        )
        assert status == "['SUCCESSFUL']"  # one task, run to the end once after the kill
        assert len(list(folder.glob("started-*"))) == 2  # duplicated at most once per kill


@pytest.mark.django_db
def test_tasks_running_longer_than_any_task_takes_are_requeued(settings):
    from django_tasks_db.models import DBTaskResult

    def running(age):
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="masthead.search.tasks.index_article",
            backend_name="default",
            run_after=timezone.now(),
            status="RUNNING",
            worker_ids=["gone-host-worker-0"],
        )
        DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - age)
        return task.pk

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_ABANDONED_AFTER = 900
    abandoned = running(timedelta(hours=1))
    busy = running(timedelta(seconds=30))
    call_command("recover_tasks")
    assert DBTaskResult.objects.get(pk=abandoned).status == "READY"
    assert DBTaskResult.objects.get(pk=busy).status == "RUNNING"
