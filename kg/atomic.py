"""Writing files so that each appears complete or not at all."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_stream(path: str | os.PathLike, binary: bool = False) -> Iterator[IO]:
    """Write a file piece by piece to a temporary file beside ``path``, flush it to disk, then
    rename it over ``path``: a reader sees the old file or the whole new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with opened as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError) and not e.filename and e.errno:   # a write failed: say which file
            raise OSError(e.errno, e.strerror, str(path)) from e
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_stream`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_stream(path, binary=True) as f:
        f.write(raw)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
