"""Work handed to one forked process while this one goes on (``--jobs`` above 1).

The child inherits its arguments with the process (nothing is pickled on the way in, only
the result on the way back), so it can take large in-memory tables: the analysed graph for
the map, the list of a build's named graphs for ``graph.trig``.  It dies with the process
that started it.  Where the platform cannot fork, :func:`start` returns None and the caller
does the work itself.
"""
from __future__ import annotations

import multiprocessing
from typing import Callable


class Forked:
    """A running child: ``wait()`` returns its result (or raises its error); ``cancel()`` kills it."""

    def __init__(self, fn: Callable, args: tuple):
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
        self._proc.start()
        send.close()

    def wait(self):
        try:
            ok, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(f"a forked process died (exit code {self._proc.exitcode})") from None
        finally:
            self._recv.close()
        self._proc.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        self._proc.kill()
        self._proc.join()
        self._recv.close()


def start(fn: Callable, *args) -> Forked | None:
    """Run ``fn(*args)`` in a forked process (None where the platform cannot fork)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return Forked(fn, args)


def _child(send, fn: Callable, args: tuple) -> None:
    _die_with_parent()
    try:
        result = (True, fn(*args))
    except BaseException as e:          # sent back, raised in the parent
        result = (False, e)
    try:
        send.send(result)
    except Exception as e:              # a result or an error that cannot be pickled: say what it was
        what = e if result[0] else result[1]
        send.send((False, RuntimeError(f"{type(what).__name__}: {what}")))
    send.close()


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
