"""A worker renders at most RENDER_SLOTS_PER_WORKER pages at a time; beyond them a missing
page is refused at once (or its stale copy served), while cached pages are served as ever."""

import threading

import pytest

from masthead.core import generation, renderbudget
from tests import factories


@pytest.fixture
def gated(demo):
    return factories.make_article(title="Render budget story", paragraphs=["One.", "Two."])


@pytest.fixture
def every_slot_taken(settings):
    """As while this worker renders as many pages as its budget allows."""
    slots = renderbudget._semaphore()
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    assert taken == settings.RENDER_SLOTS_PER_WORKER
    yield
    for _ in range(taken):
        slots.release()


def test_a_missing_page_is_refused_while_every_slot_renders(client, gated, every_slot_taken):
    response = client.get(gated.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "no-store" in response["Cache-Control"]
    assert b"One moment, please" in response.content


def test_a_missing_page_waits_in_the_queue_for_a_slot(client, gated, every_slot_taken):
    """An ordinary burst of misses is rendered: a request finding every slot taken waits (in
    the queue, while it has room) for the one another render gives back."""
    render_ends = threading.Timer(0.2, renderbudget._semaphore().release)
    render_ends.start()
    response = client.get(gated.url)
    render_ends.join()
    assert response.status_code == 200 and response["X-Page-Cache"] == "MISS"
    renderbudget._semaphore().acquire()  # as the fixture left it: every slot taken


def test_a_missing_page_is_refused_at_once_when_the_queue_is_full(client, gated, every_slot_taken):
    waiting = [renderbudget._queue.acquire(blocking=False) for _ in range(10)]
    try:
        assert waiting.count(True) == renderbudget.QUEUE_PER_WORKER
        assert client.get(gated.url).status_code == 503
    finally:
        for _ in range(waiting.count(True)):
            renderbudget._queue.release()


def test_a_cached_page_is_served_while_every_slot_renders(client, gated, request):
    assert client.get(gated.url)["X-Page-Cache"] == "MISS"
    request.getfixturevalue("every_slot_taken")
    response = client.get(gated.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "HIT"


def test_a_stale_page_is_served_rather_than_refused(client, gated, request, settings, clock):
    assert client.get(gated.url)["X-Page-Cache"] == "MISS"
    clock.advance(settings.PAGE_CACHE_SHARED_SECONDS + 1)  # stale, within the stale window
    request.getfixturevalue("every_slot_taken")
    response = client.get(gated.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "STALE"


def test_renders_give_their_slot_back(client, gated, every_slot_taken):
    for slot in range(3):
        renderbudget._semaphore().release()  # one slot free
        assert client.get(gated.url)["X-Page-Cache"] == "MISS"
        generation.purge_all()
        assert renderbudget._semaphore().acquire(blocking=False), slot
