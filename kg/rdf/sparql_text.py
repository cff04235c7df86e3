"""What a SPARQL text asks for, read before it runs: an update rather than a query (kg query runs
queries only), or a fetch of other URLs (SERVICE, LOAD: kg serve refuses them)."""
from __future__ import annotations

import re

# strings, IRIs, comments, variables: removed before looking for keywords
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
                       r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$]\w+')
_REMOTE = re.compile(r"(?<![\w:])(SERVICE|LOAD)(?![\w:])", re.IGNORECASE)


def remote_access(text: str) -> str | None:
    """The keyword that would make the server fetch a URL (SERVICE in a query, LOAD in an update),
    or None.  Oxigraph follows both; from an endpoint that is a way to make the server send
    requests on someone's behalf, so kg serve refuses them."""
    m = _REMOTE.search(_NOT_CODE.sub(" ", text))
    return m.group(1).upper() if m else None


_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def is_update(text: str) -> bool:
    """Whether SPARQL text is an update (INSERT, DELETE, LOAD, CLEAR...) rather than a query."""
    body = re.sub(r"(?m)(^|\s)#.*$", " ", text)       # comments (not the # inside an IRI)
    body = re.sub(r"(?is)^\s*((PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    word = re.match(r"\s*([A-Za-z]+)", body)
    return bool(word) and word.group(1).upper() in _UPDATE_WORDS


def syntax_message(text: str, e: Exception) -> str:
    """What to say when a SPARQL text does not parse as a query."""
    if is_update(text):
        return ("kg query runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates: graph files are "
                "rebuilt with kg build or kg remove; a store takes updates through kg serve --allow-update")
    return f"SPARQL syntax error: {e}"
