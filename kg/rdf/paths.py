"""The files a command is handed, checked before anything is read or written: a graph file must
be a readable file, an output must not be a folder (or lie under a file), and whatever a parser
raises on a corrupt file becomes one line naming the file and the problem (``PathProblem``)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class PathProblem(ValueError):
    """One line for the user: the file and what is wrong with it."""


def reason(e: BaseException) -> str:
    """One short line for what went wrong: a parser's own message without the text it quotes."""
    if isinstance(e, OSError) and e.strerror:
        return e.strerror[0].lower() + e.strerror[1:]
    why = getattr(e, "_why", None)          # rdflib's notation3 BadSyntax quotes the whole file
    if why is not None:
        line = getattr(e, "lines", None)
        return f"bad syntax ({why})" + (f" at line {line + 1}" if isinstance(line, int) else "")
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    text = text.split(" at ^ in:")[0]
    return text if len(text) <= 200 else text[:199] + "…"


def graph_file(path: Path, option: str = "") -> None:
    """A graph file given to a command must be a readable file."""
    name = f"{option} {path}" if option else str(path)
    if not path.exists():
        raise PathProblem(f"{name}: no such file")
    if path.is_dir():
        raise PathProblem(f"{name}: is a folder, not a graph file (give graph.ttl or graph.trig in it)")
    try:
        with path.open("rb") as f:
            f.read(1)
    except OSError as e:
        raise PathProblem(f"{name}: cannot read it ({reason(e)})") from None


def output_file(path: Path, option: str = "--output") -> None:
    """A file to write must not be a folder, nor lie under a file."""
    if path.is_dir():
        raise PathProblem(f"{option} {path}: is a folder; give a file name (e.g. {path / 'out.html'})")
    for p in path.parents:
        if p.exists():
            if not p.is_dir():
                raise PathProblem(f"{option} {path}: {p} is a file, not a folder")
            return


def output_folder(out: Path, option: str) -> None:
    """An output folder must be a folder, or not exist under a folder."""
    for p in (out, *out.parents):
        if p.exists() or p.is_symlink():
            if not p.is_dir():
                raise PathProblem(f"{option} {out}: {p} is a file, not a folder" if p != out
                                  else f"{option} {out}: is a file, not a folder")
            return


@contextmanager
def reading(path: Path, what: str = "cannot read it as a graph", keep: tuple = ()) -> Iterator[None]:
    """``with reading(path):`` turns whatever reading ``path`` raises into a ``PathProblem``
    (exceptions of the types in ``keep`` pass as they are)."""
    try:
        yield
    except keep:
        raise
    except PathProblem:
        raise
    except Exception as e:
        text = reason(e)
        if text.startswith(f"{path}: "):
            text = text[len(f"{path}: "):]
        raise PathProblem(f"{path}: {what} ({text})") from None
