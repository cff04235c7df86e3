"""Small invented article sets written to a folder, and a build's outputs read back for comparison."""
from __future__ import annotations

from pathlib import Path

OUTPUTS = ("graph.ttl", "graph.trig", "map.html", "report.md", "report.html")


def write_articles(folder: Path, articles: dict[str, str], names=None) -> Path:
    """``articles`` (file name -> text) into ``folder``; only ``names`` where given."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        if names is None or name in names:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in OUTPUTS}
