"""Time is read in one place (`masthead.core.clock`), so a test that moves the clock moves it
for all of the code at once."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "masthead"
CALL = re.compile(r"\btimezone\.now\(\)")
# ops sits below core (it cannot ask core's clock); the clock itself reads Django's.
EXEMPT = ("ops/", "core/clock.py")


def test_no_code_reads_djangos_clock_but_the_clock():
    readers = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and not str(path.relative_to(PACKAGE)).startswith(EXEMPT)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if CALL.search(line)
    ]
    assert not readers, "read the time with masthead.core.clock.now():\n" + "\n".join(readers)
