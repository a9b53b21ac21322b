"""Values written as people write them: partial dates, amounts, numbers, preferred languages.

Plain functions of strings (no RDF library, no web framework), in English and Chinese.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
LANGUAGES = ("en", "zh")  # UI languages; "zh" pages prefer zh-Hans labels

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CURRENCY_SYMBOLS = {"USD": "US$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF"}
NUMERIC_TYPES = {
    f"{XSD}{t}"
    for t in (
        "decimal",
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "int",
        "long",
        "double",
        "float",
    )
}

_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_YEAR_MONTH = re.compile(r"^(-?\d{4,})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_YEAR = re.compile(r"^(-?\d{4,})(Z|[+-]\d{2}:\d{2})?$")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(
    r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$"
)


def ui_language(lang: str | None) -> str:
    """'zh' for any Chinese tag, else 'en'."""
    return "zh" if lang and lang.lower().startswith("zh") else "en"


def _month(m: int, lang: str) -> str:
    return f"{m}月" if lang == "zh" else MONTHS_EN[m - 1]


def _day_month(d: int, m: int, lang: str) -> str:
    return f"{m}月{d}日" if lang == "zh" else f"{d} {MONTHS_EN[m - 1]}"


def _offset(tz: str | None, lang: str) -> str:
    if not tz:
        return ""
    label = "UTC" if tz == "Z" else f"UTC{tz}"
    return f"（{label}）" if lang == "zh" else f" ({label})"


def format_date(value: str, datatype: str | None, lang: str = "en") -> str | None:
    """A date literal as people write it, or None when the datatype is not a date type.

    "--12-09"^^gMonthDay -> "9 December (year not stated)"; gYearMonth "2022-12" ->
    "December 2022"; gYear "2008" -> "2008"; date "2022-12-07" -> "7 December 2022";
    dateTime "2021-11-10T14:00:00+07:00" -> "10 November 2021, 14:00 (UTC+07:00)".
    """
    lang = ui_language(lang)
    kind = (datatype or "").removeprefix(XSD)
    try:
        if kind == "gMonthDay" and (m := _MONTH_DAY.match(value)):
            md = _day_month(int(m.group(2)), int(m.group(1)), lang)
            return f"{md}（未注明年份）" if lang == "zh" else f"{md} (year not stated)"
        if kind == "gYearMonth" and (m := _YEAR_MONTH.match(value)):
            y, mo = int(m.group(1)), int(m.group(2))
            return f"{y}年{mo}月" if lang == "zh" else f"{_month(mo, lang)} {y}"
        if kind == "gYear" and (m := _YEAR.match(value)):
            return f"{int(m.group(1))}年" if lang == "zh" else str(int(m.group(1)))
        if kind == "date" and (m := _DATE.match(value)):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return (
                f"{y}年{_day_month(d, mo, lang)}"
                if lang == "zh"
                else (f"{_day_month(d, mo, lang)} {y}")
            )
        if kind in ("dateTime", "dateTimeStamp") and (m := _DATETIME.match(value)):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            hm = f"{m.group(4)}:{m.group(5)}"
            if lang == "zh":
                return f"{y}年{_day_month(d, mo, lang)} {hm}{_offset(m.group(7), lang)}"
            return f"{_day_month(d, mo, lang)} {y}, {hm}{_offset(m.group(7), lang)}"
    except (ValueError, IndexError):
        return None
    return None


def format_number(value: str) -> str:
    """'1000000' -> '1,000,000'; '4.39' stays '4.39'; anything unparsable is returned as is."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def format_amount(value: str, currency: str | None) -> str:
    """'1000000', 'USD' -> 'US$ 1,000,000'."""
    number = format_number(value)
    if not currency:
        return number
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper())
    return f"{symbol} {number}"


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an Accept-Language header, best first (q=0 dropped)."""
    if not header:
        return []
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, val = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, tag))
    return [tag for _, _, tag in sorted(ranked)]


def choose_language(param: str | None, accept_language: str | None) -> str:
    """The page language: ?lang= first, then the first supported Accept-Language tag, else en."""
    for tag in ([param] if param else []) + parse_accept_language(accept_language):
        primary = tag.lower().split("-", 1)[0]
        if primary in LANGUAGES:
            return primary
    return "en"


def language_chain(lang: str) -> list[str]:
    """Label languages to try, best first: zh -> zh-Hans, zh, zh-Hant, en, untagged."""
    if ui_language(lang) == "zh":
        return ["zh-hans", "zh-cn", "zh", "zh-hant", "en", ""]
    return ["en", "en-gb", "en-us", ""]


def pick_by_language(values: list[tuple[str, str | None]], lang: str) -> tuple[str, str] | None:
    """The (text, language) that best fits `lang` from (text, language-tag-or-None) pairs."""
    if not values:
        return None
    by_lang: dict[str, list[str]] = {}
    for text, tag in values:
        by_lang.setdefault((tag or "").lower(), []).append(text)
    for tag in language_chain(lang):
        if tag in by_lang:
            return sorted(by_lang[tag])[0], tag
    for tag in sorted(by_lang):  # any other language, deterministically
        if tag.startswith("en"):
            return sorted(by_lang[tag])[0], tag
    tag = sorted(by_lang)[0]
    return sorted(by_lang[tag])[0], tag
