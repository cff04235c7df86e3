"""kg.forked: work handed to a forked process, its arguments inherited, its result or error returned."""
from __future__ import annotations

import os

import pytest

from kg import forked


def _pid_and_total(table: dict[str, list[int]]) -> tuple[int, int]:
    return os.getpid(), sum(sum(v) for v in table.values())


def _fails(message: str):
    raise ValueError(message)


def test_the_child_sees_what_this_process_holds_and_returns_its_result():
    table = {"a": list(range(1000)), "b": [1, 2, 3]}
    child = forked.start(_pid_and_total, table)
    assert child is not None                      # Linux forks
    pid, total = child.wait()
    assert pid != os.getpid() and total == sum(range(1000)) + 6


def test_an_error_in_the_child_is_raised_here():
    child = forked.start(_fails, "boom")
    with pytest.raises(ValueError, match="boom"):
        child.wait()


def _sleeps() -> None:
    import time
    time.sleep(60)


def test_a_cancelled_child_is_gone():
    child = forked.start(_sleeps)
    child.cancel()
    assert child._proc.exitcode is not None
