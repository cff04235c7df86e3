"""Where per-document extraction runs: in this process, in worker processes, or on a Dask cluster.

Every executor offers ``submit(fn, arg) -> future`` (``.result()``, ``.done()``) and a
``window``: how many submitted batches the pipeline keeps in flight.  The pipeline hands
out batches of articles and takes results back in submission order, so the output never
depends on which worker finished first.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor


class ExecutorError(Exception):
    """An executor that cannot start (e.g. no scheduler at that address); ``str()`` says why."""


class InlineExecutor:
    """Runs each batch at once, in this process (``--jobs 1``)."""

    name = "local"
    workers = 1
    window = 1

    def submit(self, fn, arg) -> Future:
        f: Future = Future()
        try:
            f.set_result(fn(arg))
        except BaseException as e:  # surfaced by .result(), like a pool's future
            f.set_exception(e)
        return f

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A pool of ``jobs`` worker processes on this machine (``--jobs N``)."""

    name = "local"

    def __init__(self, jobs: int):
        self.workers = jobs
        self.window = 3 * jobs
        from ..forked import _die_with_parent
        # a killed build must not leave its workers running (Linux: PR_SET_PDEATHSIG)
        self._pool = ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent)

    def submit(self, fn, arg) -> Future:
        return self._pool.submit(fn, arg)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """The workers of a Dask distributed cluster (``--executor dask --scheduler tcp://host:8786``).

    kg must be importable on the workers (the same version: results are cached by the extractor
    version computed here).  Articles are read here and sent to the workers with their text.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, client=None):
        from distributed import Client
        self._own = client is None
        if client is None:
            if not scheduler:
                raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.1:8786)")
            try:
                client = Client(scheduler, set_as_default=False,
                                timeout=float(os.environ.get("KG_DASK_TIMEOUT", "30")))
            except (OSError, TimeoutError, ValueError) as e:
                raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        self.client = client
        self.workers = max(1, sum(client.nthreads().values()))
        self.window = 3 * self.workers

    def submit(self, fn, arg):
        return self.client.submit(fn, arg, pure=False)

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_executor(kind: str = "local", jobs: int = 1, scheduler: str | None = None, client=None):
    if kind == "dask":
        return DaskExecutor(scheduler, client=client)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r} (local or dask)")
    if jobs <= 1:
        return InlineExecutor()
    return ProcessExecutor(jobs)
