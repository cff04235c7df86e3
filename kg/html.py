"""Main text, title and date of a saved web page, with a real HTML parser."""
from __future__ import annotations

from pathlib import Path

from .model import Source

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "td"}


def html_to_source(path: Path, markup: str, encoding: str, digest: str) -> Source:
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(markup, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else None
    date = None
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in ("pubdate", "publishdate", "article:published_time", "date", "dc.date"):
            date = meta.get("content")
            break
    for tag in soup.find_all(_SKIP):
        tag.decompose()
    root = soup.find("article") or soup.body or soup
    for tag in root.find_all(_BLOCK):
        tag.insert_before("\n")
    text = "\n".join(line.strip() for line in root.get_text().splitlines())
    return Source(path=str(path), name=path.name, original=text, encoding=encoding, sha256=digest,
                  title=title or None, date=date, fmt="html")
