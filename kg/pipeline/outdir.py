"""The output folder as one unit: a lock, a staging folder, a swap, and what killed runs left.

``kg build`` and ``kg remove`` write into ``OUT`` through :func:`output_folder`:

* **lock**: ``OUT/.kg-lock`` is locked (``flock``) for the whole run; a second kg writing into the
  same folder waits up to ``wait`` seconds for it, then refuses with one line
  (:class:`FolderBusy`).  The lock goes with the process, however it ends (a kill included).
* **staging**: every output is written into ``OUT/.kg-stage-XXXX/``; nothing in ``OUT`` changes
  while they are written, so a full disk, a failed write or a kill leaves the previous outputs
  all there, all old.
* **swap**: when all are written a ``COMMITTED`` mark is put beside them and they are renamed into
  ``OUT`` one by one.  A run killed during the renames leaves a committed stage; the next kg in
  the folder finishes the renames before anything else (roll forward), so the set is one build.
* **stale debris**: staging folders without the mark, ``.kg-build-*`` work folders and hidden
  ``.NAME.XXXX.tmp`` files of killed runs are removed by the next run (it holds the lock, so no
  other kg is writing them).
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..model import printable

LOCK = ".kg-lock"
STAGE_PREFIX = ".kg-stage-"
WORK_PREFIX = ".kg-build-"
MARK = "COMMITTED"


class FolderBusy(Exception):
    """Another kg is writing into the folder; ``str()`` is one line."""


class WriteFailed(Exception):
    """An output could not be written (disk full, no permission...); the folder is unchanged.
    ``str()`` is one line naming the file."""


class Stage:
    """Where a run writes its outputs: ``path(name)``; ``commit(order)`` swaps them into the folder."""

    def __init__(self, out: Path):
        self.out = out
        self.dir = Path(tempfile.mkdtemp(dir=out, prefix=STAGE_PREFIX))

    def path(self, name: str) -> Path:
        return self.dir / name

    def commit(self, order: list[str]) -> None:
        """Mark the stage complete, then rename its files into the folder in ``order`` (any
        others after them); a kill in between is finished by the next run."""
        names = [n for n in order if (self.dir / n).exists()]
        names += sorted(p.name for p in self.dir.iterdir() if p.name not in names and p.name != MARK)
        with open(self.dir / MARK, "w", encoding="utf-8") as f:
            f.write("\n".join(names) + "\n")
            f.flush()
            os.fsync(f.fileno())
        _fsync_dir(self.dir)
        _roll_forward(self.dir, self.out)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _roll_forward(stage: Path, out: Path) -> None:
    """Rename a committed stage's files into ``out`` in the order its mark lists, then remove it."""
    try:
        names = (stage / MARK).read_text(encoding="utf-8").split()
    except OSError:
        names = []
    for name in names:
        if (stage / name).exists():
            os.replace(stage / name, out / name)
    _fsync_dir(out)
    shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> list[str]:
    """Finish or remove what killed runs left in ``out`` (call with the lock held); returns what was done."""
    done = []
    try:
        entries = sorted(os.scandir(out), key=lambda e: e.name)
    except OSError:
        return done
    for e in entries:
        name = e.name
        try:
            if name.startswith(STAGE_PREFIX) and e.is_dir(follow_symlinks=False):
                if (Path(e.path) / MARK).is_file():
                    _roll_forward(Path(e.path), out)
                    done.append(f"finished {name}")
                else:
                    shutil.rmtree(e.path, ignore_errors=True)
                    done.append(f"removed {name}")
            elif name.startswith(WORK_PREFIX) and e.is_dir(follow_symlinks=False):
                shutil.rmtree(e.path, ignore_errors=True)
                done.append(f"removed {name}")
            elif (name.startswith(".") and name.endswith(".tmp") and e.is_file(follow_symlinks=False)
                  and name.count(".") >= 3):          # .graph.ttl.XXXX.tmp (kg.atomic)
                os.unlink(e.path)
                done.append(f"removed {name}")
        except OSError:
            continue
    return done


@contextmanager
def folder_lock(out: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold ``out/.kg-lock`` (waiting up to ``wait`` seconds for another kg to finish)."""
    try:
        import fcntl
    except ImportError:                   # no flock (Windows): no lock
        yield
        return
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    raise FolderBusy(f"{printable(str(out))}: another kg is writing into this folder"
                                     f"{f' (process {holder})' if holder.isdigit() else ''}; "
                                     f"try again when it has finished") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)                      # (releases the lock)


@contextmanager
def output_folder(out: str | os.PathLike, wait: float | None = None) -> Iterator[Stage]:
    """Lock ``out``, clear what killed runs left, and give a :class:`Stage` to write into; the
    caller commits it.  On any error the stage is discarded and ``out`` is as it was; an
    ``OSError`` while writing becomes :class:`WriteFailed` (one line, naming the file)."""
    out = Path(out)
    if wait is None:
        try:
            wait = float(os.environ.get("KG_LOCK_WAIT", "0") or 0)
        except ValueError:
            wait = 0.0
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = folder_lock(out, wait)
        lock.__enter__()
    except OSError as e:
        raise WriteFailed(f"cannot write into {printable(str(out))}: {e.strerror or type(e).__name__}") from None
    try:
        recover(out)
        try:
            stage = Stage(out)
        except OSError as e:
            raise WriteFailed(f"cannot write into {printable(str(out))}: {e.strerror or type(e).__name__}; "
                              f"the outputs in it are unchanged") from None
        try:
            yield stage
        except OSError as e:
            raise WriteFailed(describe_write_error(e, out, stage.dir)) from e
        except Exception as e:
            import sqlite3
            if isinstance(e, sqlite3.OperationalError) and ("full" in str(e) or "I/O" in str(e)):
                raise WriteFailed(f"cannot write the article records (the cache, {printable(str(out / '.kg-cache'))}, "
                                  f"or a work folder in {printable(str(out))}): {e}; "
                                  f"the outputs in {printable(str(out))} are unchanged") from e
            raise
        finally:
            stage.discard()
    finally:
        lock.__exit__(None, None, None)


def describe_write_error(e: OSError, out: Path, stage: Path | None = None) -> str:
    """One line for a failed write: the file (as it will be named in ``out``) and the reason."""
    name = str(e.filename or "")
    if name:
        path = Path(name)
        if stage is not None and path.parent == stage:
            path = out / path.name
        base = path.name
        for output in ("graph.ttl", "graph.trig", "map.html", "report.md", "report.html"):
            if base.startswith(f".{output}.") and base.endswith(".tmp"):
                path = path.parent / output
                if stage is not None and path.parent == stage:
                    path = out / output
        name = str(path)
    reason = e.strerror or type(e).__name__
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "no space left on the device"
    where = printable(name) if name else f"a temporary file in {printable(str(out))}"
    return f"cannot write {where}: {reason}; the outputs in {printable(str(out))} are unchanged"


def undo(out: Path, made: list[Path], cache_dir: Path | None, lock_made: bool) -> None:
    """Take away what a refused build made: the lock file, a cache folder it created in ``out``,
    and the folders it created (innermost first)."""
    if lock_made:
        (out / LOCK).unlink(missing_ok=True)
    if cache_dir is not None:
        shutil.rmtree(cache_dir, ignore_errors=True)
    for p in made:
        try:
            p.rmdir()
        except OSError:
            break
