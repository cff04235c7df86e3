"""What a SPARQL text asks for, read before it runs: an update rather than a query (kg query runs
queries only), or a fetch of other URLs (SERVICE, LOAD: kg serve refuses them)."""
from __future__ import annotations

import re

# A SPARQL tokenizer after the terminals of the SPARQL 1.1 grammar (section 19.8): only a
# keyword token can be SERVICE or LOAD; strings, IRIs, comments, prefixed names (with escapes
# such as ``ex:a\#``), variables, blank-node labels and language tags cannot.
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
                  "\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             f"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")
_TOKEN = re.compile("|".join([
    r"(?P<ws>\s+)",
    r"(?P<comment>#[^\r\n]*)",
    r'(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"(?:[^"\\\n\r]|\\[\s\S])*"'
    r"|'(?:[^'\\\n\r]|\\[\s\S])*')",
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
    f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
    f"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
    f"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)",
    r"(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
    r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
    r"(?P<other>[\s\S])",                  # anything else: one character of code
]))
_REMOTE_WORDS = {"SERVICE", "LOAD"}


def _keyword_tokens(text: str):
    """The words of ``text`` that the SPARQL parser reads as keywords, in upper case."""
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        pos = m.end()
        if m.lastgroup == "word":
            yield m.group().upper()


def _unescaped(text: str) -> str:
    r"""``\uXXXX`` and ``\UXXXXXXXX`` replaced by their characters (SPARQL allows them anywhere)."""
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group()
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", char, text)


def _algebra_remote(text: str) -> str | None:
    """SERVICE or LOAD in rdflib's parse of ``text`` (None where rdflib finds neither or cannot
    parse it: the tokenizer decides then)."""
    try:
        from pyparsing import ParseResults
        from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
        from rdflib.plugins.sparql.parserutils import CompValue
    except ImportError:
        return None
    found: list[str] = []

    def walk(x, depth: int = 0) -> None:
        if depth > 500 or found:
            return
        if isinstance(x, CompValue):
            if x.name == "ServiceGraphPattern":
                found.append("SERVICE")
            elif x.name == "Load":
                found.append("LOAD")
            for v in x.values():
                walk(v, depth + 1)
        elif isinstance(x, (list, tuple, ParseResults)):
            for v in x:
                walk(v, depth + 1)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v, depth + 1)
    for parse in (parseQuery, parseUpdate):
        try:
            tree = parse(text)
        except Exception:      # not this kind, or nothing rdflib reads (RecursionError included)
            continue
        walk(tree)
        if found:
            return found[0]
    return None


def remote_access(text: str, algebra: bool = False) -> str | None:
    r"""The keyword that would make the server fetch a URL (SERVICE in a query, LOAD in an update),
    or None.  Oxigraph follows both; from an endpoint that is a way to make the server send
    requests on someone's behalf, so kg serve refuses them.

    Decided on tokens, never on a pattern over the text: the text is tokenized after the
    grammar's terminals (as written, and again with its ``\u`` escapes resolved), and a keyword
    token SERVICE or LOAD anywhere refuses it.  (The query worker also looks for a SERVICE
    pattern or a LOAD operation in rdflib's parse tree, under the time limit: ``algebra``.)"""
    for form in dict.fromkeys((text, _unescaped(text))):
        for word in _keyword_tokens(form):
            if word in _REMOTE_WORDS:
                return word
    return _algebra_remote(text) if algebra else None


def _remote_message(keyword: str) -> str:
    return (f"{keyword} is disabled: kg serve does not fetch other URLs "
            f"(federated queries and LOAD are refused)\n")


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
