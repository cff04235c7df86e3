"""What a build keeps beside its outputs about the files it did not take: the skipped list (for
``kg remove``'s report) and the documents ``kg remove`` took out since; and the count of repeated
skips (one file's millions of items skipped for one reason say so in one line)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..atomic import atomic_write

SKIPPED_FILE = ".kg-skipped.json"     # the build's skipped files, for kg remove's report
REMOVED_FILE = ".kg-removed.json"     # what kg remove took out since (kg.pipeline.remove)


def write_skipped(folder: Path, skipped: list[tuple[str, str]]) -> None:
    atomic_write(folder / SKIPPED_FILE, json.dumps([list(s) for s in skipped], ensure_ascii=False) + "\n")


def read_skipped(folder: Path) -> list[tuple[str, str]]:
    """The skipped files of the build in ``folder`` ([] where it has no list, or one that does not parse)."""
    try:
        data = json.loads((folder / SKIPPED_FILE).read_text(encoding="utf-8"))
        return [(str(p), str(r)) for p, r in data]
    except (OSError, ValueError, TypeError, RecursionError):
        return []


class _Repeats:
    """Skipped items of one file (``x.json:N``, ``x.jsonl#N``) for one reason: the first
    ``SKIPS_LISTED`` are listed, the others counted and said in one line at the end
    ("5,639,638 more items skipped for the same reason (...)"); whole files are always listed."""

    def __init__(self):
        self.seen: dict[tuple[str, str], int] = {}
        self.example: dict[tuple[str, str], str] = {}

    def first(self, where: str, reason: str) -> bool:
        head, sep, tail = where.rpartition(":")
        if not (sep and tail.isdigit()):
            head, sep, tail = where.rpartition("#")
            if not (sep and tail.isdigit()):
                return True
        key = (head, _DIGITS.sub("#", reason))
        n = self.seen[key] = self.seen.get(key, 0) + 1
        if n == 1:
            self.example[key] = reason
        return n <= SKIPS_LISTED

    def summary(self):
        for key, n in self.seen.items():
            if n > SKIPS_LISTED:
                yield key[0], f"{n - SKIPS_LISTED:,} more items skipped for the same reason ({self.example[key]})", n


SKIPS_LISTED = 5
_DIGITS = re.compile(r"\d+")
