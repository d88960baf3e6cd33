"""The delivery engine: the part of every fan-out that is the same whatever it sends.

A run claims deliveries under a token of its own (``claim``), keeps the claim alive while
it works (``heartbeat``), hands them to a transport and records each outcome (``settle``).
A claim whose run stopped beating is stale: the next run takes it over, so a killed worker
loses nothing, and a delivery settled once is never claimed again, so nothing goes out
twice. A fan-out is finished when none of its deliveries is left unsettled (``is_finished``);
``progress`` counts them for the admin.
"""

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, Min, Q

from masthead.core import clock


class State:
    """Where a delivery is, in the engine's words."""

    PENDING = "pending"  # waiting for a run
    CLAIMED = "claimed"  # a run holds it and is sending it
    DELIVERED = "delivered"  # the transport accepted it
    DEFERRED = "deferred"  # not accepted now; claimable again later
    FAILED = "failed"  # given up


@dataclass(frozen=True)
class Ledger:
    """Where an app keeps its deliveries: a model with a state field, ``claim`` (the run's
    token), ``claimed_at`` (its last heartbeat) and ``attempts``.

    ``stored`` names the value the state field holds for an engine state when the app
    stores another word for it (by default the engine's own); a deferred delivery is
    claimable again at ``retry_at`` when the model has such a field, else at once; a
    settled one records the time in ``settled_at`` when the model has such a field.
    """

    model: type
    state: str = "state"
    stored: dict = field(default_factory=dict)
    retry_at: str | None = None
    settled_at: str | None = None
    stale: timedelta = timedelta(minutes=10)

    def value(self, state):
        """The stored value of an engine state (an app's own states are their own value)."""
        return self.stored.get(state, state)

    def unsettled_values(self):
        return sorted({self.value(s) for s in (State.PENDING, State.CLAIMED, State.DEFERRED)})

    def name(self, value):
        """The engine's name for a stored value (the pending state before the deferred)."""
        for state in (State.PENDING, State.CLAIMED, State.DELIVERED, State.DEFERRED, State.FAILED):
            if self.value(state) == value:
                return state
        return value

    def holds(self, state):
        """A filter: deliveries in this engine state."""
        return Q(**{self.state: self.value(state)})


class Outcome:
    """What became of one delivery: an engine state (or one of the app's own final states),
    the attempts it took, when to try again (deferred), and the app's fields to record."""

    __slots__ = ("attempts", "changes", "retry_at", "state")

    def __init__(self, state, *, attempts=1, retry_at=None, **changes):
        self.state = state
        self.attempts = attempts
        self.retry_at = retry_at
        self.changes = changes

    def __repr__(self):
        return f"Outcome({self.state!r}, attempts={self.attempts}, {self.changes!r})"

    def key(self):
        return (self.state, self.attempts, self.retry_at, tuple(sorted(self.changes.items())))


class Run:
    """One worker's run over some deliveries (``scope``, a queryset of the ledger's model).

    ``exclusive``: the caller holds the scope alone (a lease of its own), so any claim in it
    that is not this run's belongs to a run that died and is taken over at once; otherwise a
    claim is taken over once it has been silent for the ledger's ``stale`` time.
    Subclasses add what an app does with a claim, a heartbeat or a settlement.
    """

    def __init__(self, ledger, scope, *, exclusive=False):
        self.ledger = ledger
        self.scope = scope
        self.exclusive = exclusive
        self.token = secrets.token_hex(16)

    def _value(self, state):
        return self.ledger.value(state)

    def claimable(self, now):
        """A filter: pending deliveries, deferred ones now due, and dead runs' claims."""
        ledger = self.ledger
        ready = ledger.holds(State.PENDING)
        if ledger.retry_at:
            ready |= ledger.holds(State.DEFERRED) & Q(**{f"{ledger.retry_at}__lte": now})
        else:
            ready |= ledger.holds(State.DEFERRED)
        held = ledger.holds(State.CLAIMED)
        if self.exclusive:
            return ready | (held & ~Q(claim=self.token))
        return ready | (held & Q(claimed_at__lt=now - ledger.stale))

    def claim(self, *fields, limit=None, order_by="pk"):
        """Claim what is claimable in the scope (at most ``limit``) and return the rows this
        run now holds, as tuples ``(pk, *fields)`` in ``order_by`` order."""
        now = clock.now()
        claimable = self.claimable(now)
        changes = {self.ledger.state: self._value(State.CLAIMED), "claim": self.token}
        changes["claimed_at"] = now
        with transaction.atomic():
            if limit is None:
                self.scope.filter(claimable).update(**changes)
            else:
                picked = (
                    self.scope.filter(claimable)
                    .order_by(order_by)
                    .select_for_update(skip_locked=True)
                    .values_list("pk", flat=True)[:limit]
                )
                ids = list(picked)
                if not ids:
                    return []
                # Checked again as it is written: a parallel run may have taken some.
                self.ledger.model.objects.filter(claimable, pk__in=ids).update(**changes)
        return list(self.held().order_by(order_by).values_list("pk", *fields))

    def held(self):
        """The deliveries this run holds now."""
        return self.scope.filter(self.ledger.holds(State.CLAIMED), claim=self.token)

    def heartbeat(self):
        """Tell other runs this one is alive: its claims are not stale."""
        self.held().update(claimed_at=clock.now())

    def settle(self, results):
        """Record ``(pk, Outcome)`` pairs: one UPDATE per kind of outcome."""
        groups = {}
        for pk, outcome in results:
            groups.setdefault(outcome.key(), (outcome, []))[1].append(pk)
        now = clock.now()
        with transaction.atomic(savepoint=False):
            for outcome, ids in groups.values():
                self.ledger.model.objects.filter(pk__in=ids).update(**self._changes(outcome, now))

    def _changes(self, outcome, now):
        ledger = self.ledger
        changes = {ledger.state: self._value(outcome.state), **outcome.changes}
        if outcome.attempts:
            changes["attempts"] = F("attempts") + outcome.attempts
        if outcome.state in (State.PENDING, State.DEFERRED):
            changes.update(claim="", claimed_at=None)
            if ledger.retry_at:
                changes[ledger.retry_at] = outcome.retry_at
        elif ledger.settled_at:
            changes[ledger.settled_at] = now
        return changes


class Transport:
    """What a fan-out sends with: ``send(rows, on_result)`` hands each claimed row over and
    calls ``on_result(row, outcome)`` in the calling thread, as each outcome is known."""

    def send(self, rows, on_result):
        raise NotImplementedError


def deliver(run, transport, *fields, limit=None, order_by="pk", settle_every=1):
    """Claim the run's deliveries, send them through ``transport`` and settle the outcomes
    every ``settle_every``; with a ``limit``, claim again until nothing is left to claim.
    Returns a Counter of the outcomes' states."""
    tally = Counter()
    while True:
        rows = run.claim(*fields, limit=limit, order_by=order_by)
        if not rows:
            return tally
        results = []

        def on_result(row, outcome, results=results):
            results.append((row[0], outcome))
            tally[outcome.state] += 1
            if len(results) >= settle_every:
                run.settle(results)
                results.clear()

        transport.send(rows, on_result)
        if results:
            run.settle(results)
        run.heartbeat()
        if limit is None:
            return tally


def unsettled(ledger, scope):
    """The deliveries in ``scope`` not settled yet: pending, claimed or deferred."""
    return scope.filter(**{f"{ledger.state}__in": ledger.unsettled_values()})


def is_finished(ledger, scope):
    """Whether every delivery in ``scope`` is settled (delivered, failed or the app's own)."""
    return not unsettled(ledger, scope).exists()


def next_retry(ledger, scope):
    """When the first deferred delivery in ``scope`` may be tried again (None: none waits)."""
    if not ledger.retry_at:
        return None
    deferred = scope.filter(ledger.holds(State.DEFERRED))
    return deferred.aggregate(first=Min(ledger.retry_at))["first"]


def progress(ledger, scope):
    """Counts of the deliveries in ``scope`` by state, in the engine's words (an app's own
    states by their value), with ``waiting``: those not settled yet."""
    rows = scope.order_by().values_list(ledger.state).annotate(n=Count("pk"))
    counts = Counter()
    for value, number in rows:
        counts[ledger.name(value)] += number
    counts["waiting"] = counts[State.PENDING] + counts[State.CLAIMED] + counts[State.DEFERRED]
    return counts
