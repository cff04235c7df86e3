"""How both reports (report.md, report.html) write money and name the rankings."""
from __future__ import annotations

from decimal import Decimal

from ..model import HELD_BACK


def money(amount: str | Decimal, currency: str | None = None) -> str:
    """2000000000 -> '2,000,000,000 (20亿)'; with a currency, it follows the number."""
    d = Decimal(str(amount))
    text = f"{int(d):,}" if d == d.to_integral_value() else f"{d.normalize():,f}"
    hint = ""
    if abs(d) >= Decimal(10) ** 8:
        hint = f"{(d / Decimal(10) ** 8).quantize(Decimal('0.01')).normalize():f}亿"
    elif abs(d) >= Decimal(10) ** 4:
        hint = f"{(d / Decimal(10) ** 4).quantize(Decimal('0.01')).normalize():f}万"
    return text + (f" {currency}" if currency else "") + (f" ({hint})" if hint else "")


def money_cell(investment: dict[str, str]) -> str:
    return "; ".join(money(v, c) for c, v in investment.items()) or "—"


KIND_TITLES = {"investors": "Top investors", "parks": "Top parks", "regions": "Top regions",
               "industries": "Top industries"}
KIND_NOTES = {
    "investors": "subjects of `investsIn`",
    "parks": "projects `locatedIn` the park",
    "regions": "projects `locatedIn` the region, directly or through a park (`locatedIn`, `partOf`)",
    "industries": "projects `inIndustry`",
}


def map_link(iri: str, page: str = "map.html") -> str:
    """The address of an entity in the build's map: the page opens on it, its evidence shown."""
    from urllib.parse import quote
    return f"{page}#e={quote(iri, safe='')}"


def project_text(p: dict, holder: str = "") -> str:
    """'冷链产业园项目 (130,000,000 USD (1.3亿); 莱西市)': a project with its amount and place (but for
    ``holder``, the park or region whose row names it)."""
    bits = []
    if p["investment"]:
        bits.append(money_cell(p["investment"]))
    where = [w for w in p.get("places") or [] if w != holder] + [f"{r} (by name)" for r in p.get("places_by_name") or []
                                                               if r != holder]
    if where:
        bits.append(", ".join(where))
    return p["label"] + (f" ({'; '.join(bits)})" if bits else "")


def held_back(rejected: list[tuple[str, str, float]]) -> tuple[list[tuple], list[tuple]]:
    """(what the learned model held back, closest calls first; what the grammar turned down)."""
    held = sorted((t for t in rejected if t[1].startswith(HELD_BACK)), key=lambda t: (-t[2], t[0], t[1]))
    return held, [t for t in rejected if not t[1].startswith(HELD_BACK)]


def threshold_line(h: dict) -> str:
    """'confidence threshold 0.5 (--min-confidence): 3 entities and 7 relations held back from the analysis'."""
    if h["min_confidence"] == "0":
        return "no confidence threshold (--min-confidence 0): every entity and relation counts"
    relations = len(h["relations"]) + h["relations_touching"]
    return (f"confidence threshold {h['min_confidence']} (--min-confidence): {counted(len(h['entities']), 'entity')} "
            f"and {counted(relations, 'relation')} held back from the analysis (of {h['entities_total']} and "
            f"{h['relations_total']})")


def counted(n: int, noun: str) -> str:
    """'1 entity', '3 entities', '1 relation', '0 relations'."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"
