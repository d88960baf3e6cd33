"""The export is read as a stream: memory does not grow with the file."""

import tracemalloc

from masthead.wordpress import wxr

from .exports import export, post


def peak_while_reading(path):
    tracemalloc.start()
    try:
        items = sum(kind == "item" for kind, _ in wxr.read(path))
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_ten_times_the_items_takes_no_more_memory(tmp_path):
    words = "A paragraph of an archived story, long enough to weigh something. " * 40
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small.write_text(export(*(post(n, f"s{n}", f"Story {n}", words) for n in range(1, 501))))
    large.write_text(export(*(post(n, f"s{n}", f"Story {n}", words) for n in range(1, 5001))))
    assert large.stat().st_size > 9 * small.stat().st_size

    small_items, small_peak = peak_while_reading(small)
    large_items, large_peak = peak_while_reading(large)

    assert (small_items, large_items) == (500, 5000)
    assert large_peak < 1.5 * small_peak + 256 * 1024
