"""Money values of projects: investment and annual output, with the sentence that states them.

An amount counts when a trigger word (``kg/data/value_triggers.tsv``: 总投资, 年产值...)
stands right before it in its clause.  It belongs to
  1. the project named right after it: 总投资2亿美元的P, 投资27亿元建设P;
  2. the whole document when the clause counts many projects: 共涉及80个项目，投资总额532亿元;
  3. the project named right before it: P总投资X, P，总投资X;
  4. for annual output only, the project the sentence (or paragraph) is about.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .amounts import Amount, alternation, read_rows, find_amounts
from .context import Context, Slot, build_context
from ..model import VALUE_PREDICATES, Document, Entity, Sentence, Value

PROJECT_TYPES = ("Project", "Park")   # a park with an amount is a project typed by its suffix
_CLAUSE_END = "，,。；;：:！？!?"
_GAP = 8            # characters allowed between a trigger and its amount (约, 超过, 可达...)
_BUILD_SPAN = 40    # characters between 建设 and the project it builds


@lru_cache(maxsize=1)
def _triggers() -> tuple[re.Pattern, dict[str, str]]:
    table = {word: pred for pred, word in read_rows("value_triggers.tsv") if pred in VALUE_PREDICATES}
    pattern = re.compile(rf"(?P<trig>{alternation(table)})(?P<gap>[^{_CLAUSE_END}0-9]{{0,{_GAP}}})$")
    return pattern, table


@lru_cache(maxsize=1)
def _shared() -> re.Pattern:
    """Words that make an amount a threshold many projects share (均过5亿元, 平均投资额)."""
    return re.compile(alternation(w for p, w in read_rows("value_triggers.tsv") if p == "shared"))


_BUILD = re.compile(r"^[，,]?(?:用于|用来|主要)?(?:建设|筹建|兴建|新建|建|打造|实施|开发|投建|布局)")
_LOCATIVE = set("在于到赴")     # 在某园区投资4亿元: the park is where, not what
_PART_OF_LIST = re.compile(r"[、和及与]|在内|等")   # 建设包括A、B在内的C: C is what is built
_OF = re.compile(r"^(?:的|之)[“\"《「]?")
_MANY = re.compile(
    r"(?:[0-9]+|[一二两三四五六七八九十百千几数多]+)(?:多|余)?(?:个|项|宗|家|批|大)[^，,。；;]{0,12}?(?:项目|工程|企业)"
    r"|项目(?:共|合计|累计)?(?:[0-9]+|[一二两三四五六七八九十百千]+)(?:多|余)?(?:个|项|宗)"
    r"|(?:这些|上述|此次|本次|所有|全部|各类|签约|集中)[^，,。；;]{0,6}?项目")


def find_values(doc: Document, sentences: list[Sentence], entities: list[Entity]) -> list[Value]:
    ctx = build_context(doc, sentences, entities)
    merged: dict[tuple, Value] = {}
    focus: dict[int, tuple] = {}     # paragraph -> project last given a value
    for s in sentences:
        for v in sentence_values(ctx, s, focus):
            k = (v.entity, v.predicate, v.amount, v.currency)
            if k in merged:
                merged[k].evidence.extend(e for e in v.evidence if e not in merged[k].evidence)
            else:
                merged[k] = v
    return sorted(merged.values(), key=lambda v: (str(v.entity), v.predicate, v.amount, v.currency))


def sentence_values(ctx: Context, s: Sentence, focus: dict[int, tuple]) -> list[Value]:
    pattern, table = _triggers()
    out = []
    slots = ctx.slots.get(s.index, [])
    for a in find_amounts(s.text):
        m = pattern.search(s.text[:a.start])
        if not m or _shared().search(m["gap"]) or _shared().search(s.text[max(0, m.start() - 2):m.start()]):
            continue
        predicate = table[m["trig"]]
        owner, rule = _owner(s.text, a, m.start(), predicate, slots, focus.get(s.paragraph))
        if owner is None:
            continue
        if owner[0] == "Document":
            owner = ("Document", ctx.doc.doc_id, None)
        if owner[0] != "Document":
            focus[s.paragraph] = owner
        surface = s.text[m.start():a.end]
        out.append(Value(owner, predicate, a.amount, a.currency, surface,
                         [ctx.evidence(s, f"value:{rule}", 0.9 if a.approximate else 1.0)]))
    return out


def _owner(text: str, a: Amount, trig_start: int, predicate: str, slots: list[Slot],
           focus: tuple | None) -> tuple[tuple | None, str]:
    after = text[a.end:]
    nxt = next((x for x in slots if x.start >= a.end), None)
    if nxt and nxt.type in PROJECT_TYPES and (m := _OF.match(after)) and nxt.start - a.end <= m.end() + 1:
        return nxt.key, "amount-of"
    built = next((x for x in slots if x.start >= a.end and x.type in PROJECT_TYPES
                  and not _PART_OF_LIST.match(text[x.end:])), None)
    if built and _BUILD.match(after) and built.start - a.end <= _BUILD_SPAN \
            and not re.search(r"[。；;]", text[a.end:built.start]):
        return built.key, "invest-build"
    clause_start = max(text.rfind(c, 0, trig_start) for c in _CLAUSE_END) + 1
    before = text[:trig_start]
    if _MANY.search(text[_prev_clause_start(text, clause_start):a.start]):
        return ("Document", "", None), "total"
    prev = next((x for x in reversed(slots) if x.end <= trig_start), None)
    if prev and prev.type in PROJECT_TYPES and text[prev.start - 1:prev.start] not in _LOCATIVE:
        gap = before[prev.end:]
        if re.fullmatch(r"[”\"》」]?[，,]?", gap) or (prev.type == "Project" and re.fullmatch(r"项目[，,]?", gap)):
            return prev.key, "project-amount"
    if predicate == "annualOutput":
        named = next((x for x in reversed(slots) if x.end <= trig_start and x.type == "Project"), None)
        if named or focus:
            return (named.key if named else focus), "output-of-focus"
    return None, ""


def _prev_clause_start(text: str, clause_start: int) -> int:
    if clause_start <= 0:
        return 0
    return max(text.rfind(c, 0, clause_start - 1) for c in _CLAUSE_END) + 1
