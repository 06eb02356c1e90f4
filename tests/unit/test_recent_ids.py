"""A subscription drops an event delivered again, by its id, within the last ids it saw."""

from __future__ import annotations

from adapters.subscriber import RecentIds


def test_an_id_seen_before_is_not_new() -> None:
    recent = RecentIds(size=3)
    assert [recent.first_time(i) for i in ("a", "b", "a")] == [True, True, False]


def test_only_the_last_ids_are_remembered() -> None:
    recent = RecentIds(size=2)
    for event_id in ("a", "b", "c"):
        recent.first_time(event_id)
    assert recent.first_time("a")  # forgotten: the oldest of three
    assert not recent.first_time("c")


def test_an_id_seen_again_is_remembered_as_the_newest() -> None:
    recent = RecentIds(size=2)
    recent.first_time("a")
    recent.first_time("b")
    recent.first_time("a")  # again: now newer than "b"
    recent.first_time("c")  # forgets "b", not "a"
    assert not recent.first_time("a")
    assert recent.first_time("b")
