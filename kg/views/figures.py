"""How both reports (report.md, report.html) write money and name the rankings."""
from __future__ import annotations

from decimal import Decimal


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
