"""The log watcher: asyncio waiters woken when a position is reached, by one thread at most,
which runs only while someone waits."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from adapters.log_watch import LogWatch

DEADLINE = 30.0  # seconds; generous, never reached when the behaviour holds


class Head:
    """A position another thread moves, as the store's head moves under writers."""

    def __init__(self, value: int = 0) -> None:
        self.value = value
        self.looks = 0
        self.failures = 0  # looks that raise, as a store that is down does

    def __call__(self) -> int:
        self.looks += 1
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the store did not answer")
        return self.value


def eventually(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_a_waiter_is_woken_once_its_source_reaches_the_position() -> None:
    head = Head()
    watch = LogWatch({"log": head}, interval=0.01)

    async def scenario() -> tuple[bool, bool]:
        waiting = asyncio.create_task(watch.reached("log", 3, timeout=DEADLINE))
        await asyncio.sleep(0.1)
        early = waiting.done()
        head.value = 3
        return early, await waiting

    early, reached = asyncio.run(scenario())
    watch.close()
    assert not early
    assert reached


def test_a_waiter_whose_position_is_not_reached_in_time_is_told_so() -> None:
    watch = LogWatch({"log": Head(5)}, interval=0.01)
    assert asyncio.run(watch.reached("log", 6, timeout=0.1)) is False
    watch.close()


def test_a_poke_makes_the_watcher_look_at_once() -> None:
    head = Head()
    watch = LogWatch({"log": head}, interval=DEADLINE * 10)  # it would not look on its own

    async def scenario() -> bool:
        waiting = asyncio.create_task(watch.reached("log", 1, timeout=DEADLINE))
        await asyncio.sleep(0.05)
        head.value = 1
        watch.poke()  # as a command saved in this process does
        return await waiting

    assert asyncio.run(scenario())
    watch.close()


def test_five_hundred_waiters_share_one_thread() -> None:
    head = Head()
    watch = LogWatch({"log": head, "caseload": Head()}, interval=0.01)
    before = set(threading.enumerate())

    async def scenario() -> tuple[list[str], list[bool]]:
        waiting = [
            asyncio.create_task(watch.reached("log" if i % 2 else "caseload", 1, DEADLINE))
            for i in range(500)
        ]
        await asyncio.sleep(0.1)
        threads = [t.name for t in threading.enumerate() if t not in before]
        head.value = 1
        done = await asyncio.gather(*waiting[1::2])
        for task in waiting[0::2]:
            task.cancel()
        await asyncio.gather(*waiting[0::2], return_exceptions=True)
        return threads, done

    threads, done = asyncio.run(scenario())
    watch.close()
    assert threads == ["log-watch"]
    assert all(done)


def test_the_watcher_looks_only_while_someone_waits() -> None:
    head = Head()
    watch = LogWatch({"log": head}, interval=0.01, idle=0.05)
    assert not watch.running
    assert asyncio.run(watch.reached("log", 1, timeout=0.1)) is False
    assert head.looks > 0
    eventually(lambda: not watch.running, "the watcher went on without waiters")
    looks = head.looks
    time.sleep(0.1)
    assert head.looks == looks
    head.value = 1
    assert asyncio.run(watch.reached("log", 1, timeout=DEADLINE))  # and it starts again
    watch.close()


def test_a_source_that_fails_is_looked_at_again() -> None:
    head = Head(1)
    head.failures = 3
    watch = LogWatch({"log": head}, interval=0.01)
    assert asyncio.run(watch.reached("log", 1, timeout=DEADLINE))
    watch.close()
    assert head.looks >= 4


def test_closing_ends_every_wait_and_refuses_new_ones() -> None:
    watch = LogWatch({"log": Head()}, interval=0.01)

    async def scenario() -> bool:
        waiting = asyncio.create_task(watch.reached("log", 1, timeout=DEADLINE))
        await asyncio.sleep(0.05)
        await asyncio.to_thread(watch.close)
        return await waiting

    assert asyncio.run(scenario()) is False
    assert not watch.running
    assert asyncio.run(watch.reached("log", 0, timeout=DEADLINE)) is False


def test_waiters_of_several_event_loops_are_each_woken_in_their_own() -> None:
    head = Head()
    watch = LogWatch({"log": head}, interval=0.01)
    answers: list[bool] = []

    def wait_in_a_loop_of_its_own() -> None:
        answers.append(asyncio.run(watch.reached("log", 2, timeout=DEADLINE)))

    threads = [threading.Thread(target=wait_in_a_loop_of_its_own) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    head.value = 2
    for thread in threads:
        thread.join(timeout=DEADLINE)
    watch.close()
    assert answers == [True, True, True]


def test_an_unknown_source_is_a_programming_error() -> None:
    watch = LogWatch({"log": Head()})
    with pytest.raises(KeyError):
        asyncio.run(watch.reached("custody", 1, timeout=0.1))
