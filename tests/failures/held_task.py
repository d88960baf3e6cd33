"""A task that holds until the test lets it finish, so a worker can be killed in the middle."""

import os
import time
from pathlib import Path

from django.tasks import task


@task
def held(folder):
    folder = Path(folder)
    (folder / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 300
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.1)
    (folder / "done").write_text(str(os.getpid()))
