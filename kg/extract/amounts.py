"""Money amounts in Chinese text: ``1.3亿美元`` -> 130000000 USD, ``两千万元`` -> 20000000 CNY.

Numerals, magnitude units and currency words live in ``kg/data/money_units.tsv``.
``find_amounts(text)`` returns every amount with its span; it says nothing about
what the amount measures (see ``kg/extract/values.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..resources import data_file


@dataclass(frozen=True)
class Amount:
    start: int            # span of the amount in the text searched (number .. currency)
    end: int
    amount: Decimal       # in plain units
    currency: str         # ISO 4217
    approximate: bool = False   # 多, 余, 上百亿


@dataclass(frozen=True)
class _Lexicon:
    digits: dict[str, int]
    powers: dict[str, int]
    units: dict[str, int]
    currencies: dict[str, str]
    pattern: re.Pattern


def read_rows(name: str):
    for line in data_file(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    table: dict[str, dict] = {"digit": {}, "power": {}, "unit": {}, "currency": {}}
    for kind, word, value in read_rows("money_units.tsv"):
        table[kind][word] = value if kind == "currency" else int(value)
    cn = "".join(sorted(set(table["digit"]) | set(table["power"])))
    arabic = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
    pattern = re.compile(
        rf"(?P<lead>上)?(?P<num>{arabic}|[{cn}]+)(?P<more>多|余)?"
        rf"(?P<unit>{alternation(table['unit'])})?(?P<more2>多|余)?"
        rf"(?P<cur>{alternation(table['currency'])})")
    return _Lexicon(table["digit"], table["power"], table["unit"], table["currency"], pattern)


def chinese_number(s: str) -> int | None:
    """``二百七十二`` -> 272, ``两千`` -> 2000, ``一亿二千万`` -> 120000000; None when not a numeral."""
    lex = lexicon()
    total, section, number = 0, 0, 0
    seen_digit = False
    for ch in s:
        if ch in lex.digits:
            number = number * 10 + lex.digits[ch] if seen_digit and number else lex.digits[ch]
            seen_digit = True
        elif ch in lex.powers and lex.powers[ch] < 10000:
            section += (number or 1) * lex.powers[ch]
            number, seen_digit = 0, False
        elif ch in lex.powers:
            p = lex.powers[ch]
            if p >= 100000000:
                total = (total + section + number) * p
                section = 0
            else:
                section = (section + number) * p if (section + number) else p
            number, seen_digit = 0, False
        else:
            return None
    return total + section + number


def parse_number(s: str) -> Decimal | None:
    if s and s[0].isdigit():
        return Decimal(s.replace(",", ""))
    n = chinese_number(s)
    return None if n is None else Decimal(n)


def find_amounts(text: str) -> list[Amount]:
    lex = lexicon()
    out = []
    for m in lex.pattern.finditer(text):
        num = parse_number(m["num"])
        if num is None or num == 0:
            continue
        unit = lex.units.get(m["unit"] or "", 1)
        amount = num * unit
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        start = m.start("num") if not m["lead"] else m.start()
        approx = bool(m["lead"] or m["more"] or m["more2"])
        out.append(Amount(start, m.end(), amount.normalize() if amount % 1 else amount,
                          lex.currencies[m["cur"]], approx))
    return out
