"""One thing, one node, across articles: entities of different articles that name one thing merged.

An entity's IRI is a pure function of its class and canonical name (kg.rdf.vocab.entity_iri), so
the same name in two articles is already one node; this step joins the nodes whose names say they
are one thing although their canonical names differ: 海尔 in one article and 海尔集团 (alias 海尔)
in another.  The rule is the scorer's for gold (ONTOLOGY.md): two nodes of one class merge when
one's canonical name is among the other's names (label or alias), never through a shared alias
alone.  A canonical name anchors a merge only when it is specific:

* not a generic name (高新区, 市委, 管委会: ``kg/data/generic_names.txt`` and the rest of
  kg.extract.resolve.is_generic; such names are document-scoped already and never merge), nor a
  bare organisational suffix (集团, 有限公司: ``kg/data/suffixes.tsv``), nor a single character;
* part of the other's canonical name (海尔 of 海尔集团, 苏州工业园区 of 中新苏州工业园区), or, for an
  abbreviation, MIN_ABBREVIATION characters or more: three-character abbreviations such as 东博会
  stand for one fair in one article and another fair in the next;
* not the head of a branch's name: 中国银行 does not merge into 中国银行赣州市分行 even where the
  branch was given 中国银行 as an alias (``kg/data/branch_suffixes.tsv``);
* not ambiguous: a name among the names of two nodes that nothing else joins (中车 for two
  companies) anchors nothing.

The merged node keeps the canonical name that no other member gives as its alias (the full name:
海尔集团 over 海尔), the longest of those, then the one in the most articles; every other name
becomes a ``skos:altLabel``; every article's ``kg:mentionedIn``, edges and evidence stay.

The per-article records (and the cache) stay as extraction made them: the merge is computed in
the main process from every article's entity names and applied to the formatted lines on their
way into graph.ttl and graph.trig.  It is a function of the set of articles, not of their order,
so ``--jobs N``, incremental builds and ``kg remove`` (which recomputes it from the articles that
remain) give the same bytes as a clean build of the same articles.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from rdflib import Literal

from ..extract import lexicon
from ..extract.amounts import read_rows
from ..extract.resolve import is_generic
from ..model import CLASSES
from ..rdf.vocab import ID, entity_iri
from .stream import SEP, iri, literal, parse_term

ZH = "zh-Hans"
MIN_ANCHOR = 2                 # a one-character name never anchors a merge
MIN_ABBREVIATION = 4           # an abbreviation (not part of the full name) this long or longer anchors
ENTITY_PREFIX = "<" + str(ID)  # an entity's formatted IRI (<.../id/Company/0123...>) starts so
_LABEL, _ALT, _TYPE = "rdfs:label", "skos:altLabel", "a"
_CLASS_TERMS = {f"kg:{c}": c for c in CLASSES if c != "Document"}


@dataclass
class Node:
    """One entity node of the union (a class and a canonical name), with every name it goes by."""
    term: str                  # its formatted IRI
    type: str
    label: str
    names: set[str] = field(default_factory=set)
    documents: int = 0


@dataclass(frozen=True)
class Merge:
    """Where a node goes: the merged node's formatted IRI and its label (a formatted literal)."""
    target: str
    label: str
    text: str                  # the label's text


class Identity:
    """Gathers the entity names of every article (``add``), then says which nodes merge (``merges``)."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}

    def add(self, lines: Iterable[str]) -> None:
        """One article's formatted triples (its record's ``triples``, or its named graph's lines)."""
        types: dict[str, str] = {}
        names: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        for line in lines:
            if not line.startswith(ENTITY_PREFIX):
                continue
            s, p, o = line.split(SEP)
            if p == _TYPE and o in _CLASS_TERMS:
                types[s] = _CLASS_TERMS[o]
            elif p == _LABEL or p == _ALT:
                text = str(parse_term(o))
                names.setdefault(s, set()).add(text)
                if p == _LABEL:
                    labels[s] = text
        for s, etype in types.items():
            label = labels.get(s)
            if label is None or s != _term(etype, label):
                continue            # document-scoped (a generic name): stays in its article
            node = self.nodes.get(s)
            if node is None:
                node = self.nodes[s] = Node(s, etype, label)
            node.names |= names[s]
            node.documents += 1

    def merges(self) -> dict[str, Merge]:
        """Every node that is one of a merged group -> the group's node and label (empty: no merge)."""
        clusters = _clusters(self.nodes)
        out: dict[str, Merge] = {}
        for members in clusters:
            if len(members) < 2:
                continue
            head = min(members, key=lambda n: _rank(n, members))
            merge = Merge(head.term, literal(Literal(head.label, lang=ZH)), head.label)
            for m in members:
                out[m.term] = merge
        return out


@lru_cache(maxsize=1 << 16)
def _term(etype: str, label: str) -> str:
    """The formatted IRI an unscoped entity of this class and name has."""
    return iri(str(entity_iri(etype, label)))


def _rank(node: Node, members: list[Node]) -> tuple:
    """Smallest first: the full name (no other member's alias), the longest, the most articles', by text."""
    alias_of_other = any(node.label in m.names for m in members if m is not node)
    return (alias_of_other, -len(node.label), -node.documents, node.label)


def _clusters(nodes: dict[str, Node]) -> list[list[Node]]:
    """The groups of nodes the anchors join (union-find to a fixed point: order does not matter)."""
    by_name: dict[tuple[str, str], list[str]] = {}
    for term in sorted(nodes):
        node = nodes[term]
        for name in node.names:
            by_name.setdefault((node.type, name), []).append(term)
    links = []                  # (node, the nodes that give its canonical name among theirs)
    for term in sorted(nodes):
        node = nodes[term]
        if not anchors(node.label):
            continue
        targets = [t for t in by_name.get((node.type, node.label), ()) if t != term
                   and names_one(node.label, nodes[t].label)]
        if targets:
            links.append((term, targets))
    parent = {t: t for t in nodes}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t
    changed = True
    while changed:              # an ambiguous anchor may become plain once its targets are joined
        changed = False
        for term, targets in links:
            roots = {find(t) for t in targets}
            if len(roots) == 1:
                a, b = sorted((find(term), roots.pop()))
                if a != b:
                    parent[b] = a
                    changed = True
    groups: dict[str, list[Node]] = {}
    for term in sorted(nodes):
        groups.setdefault(find(term), []).append(nodes[term])
    return list(groups.values())


def anchors(name: str) -> bool:
    """May this canonical name join its node to a node that has it among its names?"""
    return (len(name) >= MIN_ANCHOR and not is_generic(name) and name not in lexicon.suffix_types())


def names_one(name: str, full: str) -> bool:
    """May ``name`` (an anchor among the names of the node called ``full``) name the same thing?"""
    if name not in full and len(name) < MIN_ABBREVIATION:
        return False
    return not is_branch_of(full, name)


def is_branch_of(longer: str, name: str) -> bool:
    """中国银行赣州市分行 is a branch of 中国银行: its name is the other's and a branch's ending."""
    return longer != name and longer.startswith(name) and longer.endswith(_branch_endings())


@lru_cache(maxsize=1)
def _branch_endings() -> tuple[str, ...]:
    return tuple(row[0] for row in read_rows("branch_suffixes.tsv"))


# ---------------------------------------------------------------- applying the merges to lines

def rewrite(lines: Iterable[str], merges: dict[str, Merge]) -> Iterator[str]:
    """The lines with each merged node's IRI (and the IRIs of its amounts) replaced by the group's,
    its canonical name the one ``rdfs:label``, every other name a ``skos:altLabel`` (unsorted, may
    repeat: the caller sorts)."""
    for line in lines:
        if ENTITY_PREFIX not in line:
            yield line
            continue
        s, p, o = line.split(SEP)
        m = merges.get(s)
        if m is not None and (p == _LABEL or p == _ALT):
            if str(parse_term(o)) != m.text:
                yield m.target + SEP + _ALT + SEP + o
            continue
        if m is not None and p == _TYPE:
            yield m.target + SEP + _LABEL + SEP + m.label
        yield _moved(s, merges) + SEP + p + SEP + _moved(o, merges)


def _moved(term: str, merges: dict[str, Merge]) -> str:
    """A term's IRI after the merge: an entity's, or an amount's under it (<entity/investmentAmount/...>)."""
    m = merges.get(term)
    if m is not None:
        return m.target
    if not term.startswith(ENTITY_PREFIX):
        return term
    cut = term.find("/", term.find("/", len(ENTITY_PREFIX)) + 1)
    if cut < 0:
        return term
    m = merges.get(term[:cut] + ">")
    return term if m is None else m.target[:-1] + term[cut:]


def rewrite_sorted(lines: Iterable[str], merges: dict[str, Merge]) -> list[str]:
    """One article's lines after the merge, sorted and unique (as Formatter.lines gives them)."""
    return sorted(set(rewrite(lines, merges))) if merges else list(lines)
