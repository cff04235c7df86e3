"""Work handed to one forked process while this one goes on (``--jobs`` above 1).

The child inherits its arguments with the process (nothing is pickled on the way in, only
the result on the way back), so it can take large in-memory tables: the analysed graph for
the map, the list of a build's named graphs for ``graph.trig``.  Where the platform cannot
fork, :func:`start` returns None and the caller does the work itself.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

_PENDING: list = []     # (function, arguments) of the child about to be forked


def _call():
    _die_with_parent()
    fn, args = _PENDING
    return fn(*args)


def _die_with_parent() -> None:
    """A killed build must not leave a child finishing its file (Linux: PR_SET_PDEATHSIG)."""
    import signal
    import sys
    if sys.platform.startswith("linux"):
        import ctypes
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)    # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def start(fn: Callable, *args) -> Callable[[], object] | None:
    """Run ``fn(*args)`` in a forked process; returns what waits for (and returns) its result."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    _PENDING[:] = [fn, args]
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    try:
        future = pool.submit(_call)     # a fork-context pool starts its process here, in submit
    finally:
        _PENDING.clear()

    def wait():
        try:
            return future.result()
        finally:
            pool.shutdown()
    return wait
