"""Main text, title, date, publisher and URL of a saved web page, with a real HTML parser.

The page is parsed with BeautifulSoup (lxml when installed, else Python's parser).
Main text: an ``<article>`` or a block whose id/class names it as the content
(``content``, ``article``, ``TRS_Editor``, ``zoom``...); failing those, the block
holding the most paragraph text.  Scripts, styles, navigation, headers and footers
are dropped; block elements become line breaks.  Title: ``<meta name="ArticleTitle">``
or ``og:title``, the page's ``<h1>``, else ``<title>`` without the site name.  Date, publisher, URL: ``<meta>``
tags, then the info line (``来源：… 发布时间：…``) anywhere on the page, then the
``saved from url=`` comment browsers write.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Source

_SKIP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
         "button", "select", "template", "object", "canvas")
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "td",
          "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "figure", "figcaption", "hr", "center"}
_CONTENT_HINT = re.compile(r"(?:^|[\s_-])(?:content|article|artibody|main[-_]?text|text|body|zoom|detail|"
                           r"TRS_Editor|news[-_]?(?:content|text|detail)|con|nr|zw)(?:$|[\s_-]|\d)", re.I)
_NOISE_HINT = re.compile(r"nav|menu|footer|header|sidebar|share|comment|related|breadcrumb|copyright|banner|"
                         r"toolbar|login|search|ad[s_-]|recommend|hot|rank", re.I)
_DATE_META = ("pubdate", "publishdate", "publish_date", "article:published_time", "date", "dc.date",
              "dc.date.issued", "firstpublishedtime", "publishtime", "og:release_date", "datepublished")
_SOURCE_META = ("contentsource", "source", "og:site_name", "author", "dc.publisher", "publisher")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_SITE_SEP = re.compile(r"\s*(?:[-_|｜—–]+|::)\s*")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _soup(markup: str):
    from bs4 import BeautifulSoup
    try:
        return BeautifulSoup(markup, "lxml")
    except Exception:          # lxml missing: the standard library's parser
        return BeautifulSoup(markup, "html.parser")


def html_to_source(path: Path, markup: str, encoding: str, digest: str) -> Source:
    soup = _soup(markup)
    metas = _metas(soup)
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    url = metas.get("og:url") or _canonical(soup) or _saved_from(markup)
    date = next((metas[k] for k in _DATE_META if metas.get(k)), None)
    publisher = next((metas[k] for k in _SOURCE_META if metas.get(k)), None)
    first_h1 = _heading(soup, None)
    info = _info_line(soup)
    for tag in soup.find_all(_SKIP):
        tag.decompose()
    root = _main_block(soup)
    h1 = _heading(soup, root) or first_h1
    title = metas.get("articletitle") or metas.get("og:title") or h1 or _strip_site(page_title)
    text = block_text(root)
    head_lines = []
    if title and title not in text[:300]:
        head_lines.append(title)
    if info and not _INFO.search(text[:300]):
        head_lines.append(info)
    if head_lines:
        text = "\n".join(head_lines) + "\n" + text
    src = Source(path=str(path), name=path.name, original=text, encoding=encoding, sha256=digest,
                 title=title or None, date=date, url=url, fmt="html")
    src.publisher = publisher
    if not text.strip():
        src.warnings.append(f"{path}: no main text found in the page")
    return src


def markup_text(fragment: str) -> str:
    """The text of an HTML fragment (a crawler's ``content`` field), blocks as lines."""
    soup = _soup(fragment)
    for tag in soup.find_all(_SKIP):
        tag.decompose()
    return block_text(soup.body or soup)


def _metas(soup) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        val = (meta.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _canonical(soup) -> str | None:
    link = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    href = link.get("href") if link else None
    return href if href and href.startswith("http") else None


def _saved_from(markup: str) -> str | None:
    m = _SAVED_FROM.search(markup[:2048])
    return m.group(1) if m else None


def _strip_site(title: str | None) -> str | None:
    """``湖南招商引资大会开幕_长沙市人民政府`` -> ``湖南招商引资大会开幕`` (the longest part)."""
    if not title:
        return None
    parts = [p for p in _SITE_SEP.split(title) if p.strip()]
    return max(parts, key=len) if parts else title


def _heading(soup, root) -> str | None:
    h = (root if root is not None else soup).find("h1")
    return h.get_text(" ", strip=True) if h and h.get_text(strip=True) else None


def _text_len(tag) -> int:
    return len(re.sub(r"\s+", "", tag.get_text()))


def _main_block(soup):
    """The element holding the article's text."""
    body = soup.body or soup
    art = body.find("article")
    if art is not None and _text_len(art) > 50:
        return art
    hinted = []
    for tag in body.find_all(["div", "section", "td", "main"]):
        names = " ".join([tag.get("id") or ""] + list(tag.get("class") or []))
        if names.strip() and _CONTENT_HINT.search(names) and not _NOISE_HINT.search(names):
            n = _text_len(tag)
            if n > 50:
                hinted.append((n, tag))
    if hinted:
        return max(hinted, key=lambda x: x[0])[1]
    # the block whose own paragraphs hold the most text
    best, best_n = body, 0
    for tag in body.find_all(["div", "section", "td", "main"]):
        n = sum(_text_len(p) for p in tag.find_all("p", recursive=False))
        if n > best_n:
            best, best_n = tag, n
    return best if best_n > 50 else body


def block_text(root) -> str:
    """The text of ``root`` with block elements as line breaks and blank lines collapsed."""
    from bs4 import NavigableString, Comment
    parts: list[str] = []
    for node in root.descendants:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            parts.append(re.sub(r"[ \t\r\n]+", " ", str(node)))
        elif node.name in _BLOCK:
            parts.append("\n")
    lines = [l.strip(" ") for l in "".join(parts).split("\n")]
    out, blank = [], False
    for l in lines:
        if l:
            out.append(l)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip("\n")


_INFO = re.compile(r"(?:来源|來源|信息来源|稿源|发布时间|發布時間|发布日期|發布日期|时间|時間)\s*[:：]")


def _info_line(soup) -> str | None:
    """The page's ``来源：… 发布时间：…`` line (kept when it lies outside the main text)."""
    body = soup.body or soup
    for s in body.find_all(string=_INFO):
        if s.parent is None or s.parent.name in ("script", "style", "title"):
            continue
        line = s.parent.get_text(" ", strip=True)
        if 4 <= len(line) <= 160:
            return line
    return None
