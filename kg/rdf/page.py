"""``GET /`` of kg serve: a query page that works offline -- a query box, the named queries to pick
from, results as a table whose entities open their evidence (the named query evidence-for).
One script (``kg/rdf/static/query.js``, allowed by its hash), requests to the server only."""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

PAGE_JS_FILE = "query.js"


def _page_js() -> str:
    return (Path(__file__).resolve().parent / "static" / PAGE_JS_FILE).read_text(encoding="utf-8")


def _safe_json(data) -> str:
    """JSON that can sit inside an HTML <script> element: no <, > or & characters left."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_csp() -> str:
    """Only the page's own script (by hash), requests to this server only."""
    digest = base64.b64encode(hashlib.sha256(_page_js().encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")


def query_page(allow_update: bool = False) -> str:
    """``GET /``: a query box, the named queries to pick from, results as a table whose entities
    open their evidence.  Offline: one script (by hash), requests to this server only."""
    import html

    from .query import named_queries
    data = {"queries": [{"name": q.name, "description": q.description, "params": q.params, "text": q.text}
                        for q in named_queries().values()]}
    mode = "read-write" if allow_update else "read-only"
    css = ("body{font:14px/1.45 system-ui,'Noto Sans CJK SC',sans-serif;margin:0;color:#222}"
           "header{padding:10px 16px;border-bottom:1px solid #ddd;background:#fafafa}h1{font-size:16px;margin:0}"
           "main{display:flex;gap:16px;padding:12px 16px}#q-left{flex:3;min-width:0}#q-evidence{flex:2;min-width:0}"
           "textarea{width:100%;height:180px;font:13px monospace;box-sizing:border-box}"
           "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;"
           "vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}.q-error{color:#a00;white-space:pre-wrap}"
           ".q-note,#q-description,#q-status{color:#666}.q-arg{margin-right:8px}h2{font-size:14px;word-break:break-all}")
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{page_csp()}\">"
            "<link rel=\"icon\" href=\"data:,\"><title>kg SPARQL</title>"
            f"<style>{css}</style></head><body>"
            f"<header><h1>kg SPARQL endpoint ({html.escape(mode)})</h1>"
            "<div class=\"q-note\">POST or GET /sparql (SPARQL 1.1 Protocol) · /store (Graph Store Protocol)"
            " · click an entity in the results to see its evidence</div></header><main><div id=\"q-left\">"
            "<div><select id=\"q-named\"></select> <span id=\"q-description\"></span></div>"
            "<div id=\"q-args\"></div><textarea id=\"q-text\" spellcheck=\"false\">"
            "SELECT ?entity ?label WHERE {\n  ?entity a &lt;https://w3id.org/kg-zhaoshang/ontology#Company&gt; ;\n"
            "          &lt;http://www.w3.org/2000/01/rdf-schema#label&gt; ?label .\n} ORDER BY ?label LIMIT 50</textarea>"
            "<div><button id=\"q-run\" type=\"button\">Run</button> <span id=\"q-status\" role=\"status\"></span></div>"
            "<div id=\"q-results\"></div></div><aside id=\"q-evidence\" aria-live=\"polite\"></aside></main>"
            f"<script type=\"application/json\" id=\"kg-queries\">{_safe_json(data)}</script>"
            f"<script>{_page_js()}</script></body></html>\n")
