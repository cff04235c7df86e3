"""Debris spans that normalisation repairs and leaves, per file and in total.

    .venv/bin/python tools/count_debris.py seeds ../shared/eval/corpus/dev

Each path is counted on its own (files or folders, as ``kg build`` reads them); the
counting itself is ``kg.read.document.debris_counts``.
"""
from __future__ import annotations

import sys

from kg.read.document import debris_counts


def main(paths: list[str]) -> int:
    for path in paths or ["seeds"]:
        counts = debris_counts([path])
        for name, (rep, left) in counts["files"].items():
            print(f"  {name}\t{rep} repaired\t{left} left")
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts["kinds"].items()))
        print(f"{path}: {counts['articles']} articles, {counts['repairs']} debris spans repaired "
              f"({kinds}), {counts['unrepaired']} left")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
