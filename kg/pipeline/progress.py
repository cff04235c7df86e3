"""What ``kg build`` shows while it runs: one line on a terminal with the time left, estimated
from the bytes of input done; and the build's warnings summed up by kind."""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path


def warning_kinds(warnings: list[str]) -> str:
    """'garbled spans in 2 articles' and the like, from the warnings' own words."""
    kinds: dict = {}
    for w in warnings:
        m = re.search(r"\d+ ([a-z][a-z ]*?)(?:\(s\))? (?:left|repaired|in|were|was)", w)
        kind = (m.group(1).strip() + "s") if m else "other"
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{k} in {n} article{'s' if n != 1 else ''}" if k != "other" else f"{n} other"
                     for k, n in sorted(kinds.items()))


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class Progress:
    """One line on stderr, redrawn in place (only on a terminal): bytes of input done out of all, and
    the time left estimated from them: the time since the first article came back × bytes left ÷
    bytes done since (the first one also paid for loading the lexicons)."""

    def __init__(self, total: int, files: int, stream=None):
        self.total, self.files, self.done = max(total, 1), files, 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start = self.last = time.monotonic()
        self.first: tuple[float, int] | None = None     # (when, bytes done) at the first article back
        self.shown = False

    def advance(self, n: int) -> None:
        self.done = min(self.total, self.done + max(0, n))
        now = time.monotonic()
        if self.first is None:
            self.first = (now, self.done)
        if self.live and (now - self.last >= 0.2 or self.done >= self.total):
            self.last = now
            self.stream.write("\r" + self.line(now - self.first[0], self.done - self.first[1]) + "\x1b[K")
            self.stream.flush()
            self.shown = True

    def line(self, elapsed: float, since: int | None = None) -> str:
        """``elapsed`` seconds while ``since`` bytes (default: all done) were done."""
        since = self.done if since is None else since
        frac = self.done / self.total
        width = 30
        bar = "#" * int(width * frac) + "-" * (width - int(width * frac))
        left = elapsed * (self.total - self.done) / since if since > 0 else None
        eta = "" if left is None else f"  about {duration(left)} left"
        return f"extracting {self.files} file{'s' if self.files != 1 else ''} [{bar}] {frac:4.0%}{eta}"

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s} s" if s < 60 else f"{s // 60} min {s % 60:02d} s" if s < 3600 else f"{s // 3600} h {s % 3600 // 60:02d} min"
