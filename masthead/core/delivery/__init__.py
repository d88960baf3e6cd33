"""One delivery engine for every fan-out (newsletters, alerts, live pages' alerts…).

An app keeps its transport (SMTP, Web Push) and its rendering; the engine claims, beats,
settles, resumes and finishes, and counts progress. See ``engine``.
"""

from .engine import (
    Ledger,
    Outcome,
    Run,
    State,
    Transport,
    deliver,
    is_finished,
    next_retry,
    progress,
    unsettled,
)

__all__ = [
    "Ledger",
    "Outcome",
    "Run",
    "State",
    "Transport",
    "deliver",
    "is_finished",
    "next_retry",
    "progress",
    "unsettled",
]
