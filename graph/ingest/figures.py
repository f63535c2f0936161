"""Figures a sentence states: money, percentages, counts and ratios, each with its bound.

"approximately $15 billion" is ``15000000000`` USD, bound ``approximately``;
"more than 30 types of weapons" a count with bound ``more-than``; "between 1.1
and 1.3 billion euros" a ``range`` with ``min`` and ``max``; "two billion
roubles" a spelled amount (read by ``text2num``); "twice" a ratio, "three quarters"
a fraction (0.75), "between a quarter and a third" a range of fractions, "some two dozen" about 24 (a dozen
scales like a thousand), "one and a half times" 1.5 times. A duration is a figure with a bound ("for at least
five years", "within 18 months", "more than a decade"), as a length ("for ten years", "a pause of eleven
months", "took six months"), as an interval ("two weeks ahead of schedule", "two years after"), as a range ("six to
eight months"), as an adjective ("a ten-year agreement") or as an age; a point in time ("in five years") is not. The bound is
never rounded away, ``original`` is the exact wording, and a number that is a
year, a day of the month or part of a model designation (S-400) is not a
figure. The phrase lists live in ``rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from graph.ingest.rules import alternation, rules, table, words

_F = rules()["figures"]
_CURRENCIES: dict[str, str] = _F["currencies"]
_SYMBOLS = [c for c in _CURRENCIES if not c.isalpha() or c.isupper()]
_CURRENCY_WORDS = [c for c in _CURRENCIES if c.isalpha() and c.islower()]
_SCALES = {k: Decimal(str(v)) for k, v in _F["scales"].items()}
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
).split()
_SPELLED = r"(?:" + alternation(_NUMBER_WORDS) + r")(?:[\s-]+(?:and\s+)?" + alternation(_NUMBER_WORDS) + r")*"
_DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# "a 90-million-dollar order": the compound adjective hyphenates the scale and the currency word.
_SCALE = r"(?:(?:\s|-)?(?:thousand|million|billion|trillion|dozen|bn|mln|mn|tn)(?![\w])|(?<=[0-9])(?:m|b|k)(?![\w]))"
_PRE = "(?:" + "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True)) + r")\s?"
_POST = r"(?:\s+|-)(?:" + alternation(_CURRENCY_WORDS + [s for s in _SYMBOLS if s.isalpha()]) + ")"
_PCT = r"\s?(?:%|" + alternation(["percent", "per cent", "percentage points"]) + ")"


def _amount(tag: str) -> str:
    return (rf"(?P<pre{tag}>{_PRE})?(?P<num{tag}>{_DIGITS}|{_SPELLED})(?P<scale{tag}>{_SCALE})?"
            rf"(?P<post{tag}>{_POST})?(?P<pct{tag}>{_PCT})?")


BOUNDS = {
    "approximately": _F["approximately"],
    "more-than": _F["more_than"],
    "at-least": _F["at_least"],
    "less-than": _F["less_than"],
    "at-most": _F["at_most"],
}
_BOUND = "(?:" + "|".join(f"(?P<b_{k.replace('-', '_')}>{alternation(v)})" for k, v in BOUNDS.items()) + r")\s+"
RANGE = re.compile(
    rf"(?:(?P<opener>{alternation(_F['range_openers'])})\s+)?{_amount('1')}"
    rf"(?:\s+(?:and|to)\s+|\s?[-–—]\s?){_amount('2')}",
    re.IGNORECASE,
)
SINGLE = re.compile(rf"(?:{_BOUND})?{_amount('')}", re.IGNORECASE)
_BOUND_BEFORE = re.compile(_BOUND + "$", re.IGNORECASE)
RATIO = re.compile(alternation(_F["ratios"]), re.IGNORECASE)
_NUMERATORS: dict[str, int] = _F["fraction_numerators"]
_DENOMINATORS: dict[str, int] = _F["fraction_denominators"]
MIXED = re.compile(rf"(?P<whole>{_DIGITS}|{_SPELLED})\s+and\s+a\s+half(?![\w-])", re.IGNORECASE)
""""one and a half times", "two and a half years": the whole number plus 0.5, read before "a half" alone."""
_DURATION_WORDS: dict[str, list[object]] = _F["duration_words"]
DURATION_WORD = re.compile(rf"\ba\s+{alternation(_DURATION_WORDS)}", re.IGNORECASE)
""""a decade": a span of time in one word, a figure only with a bound before it ("more than a decade")."""
_TIME_ADJECTIVE = r"(?:year|month|week|day|decade|hour)"
DURATION_ADJECTIVE = re.compile(rf"(?<![\w-])(?P<num>{_DIGITS}|{_SPELLED})-(?P<unit>{_TIME_ADJECTIVE})(?![\w-])", re.IGNORECASE)
""""a ten-year agreement", "a 15-year contract": the hyphenated duration adjective states a length of time."""
_FRACTION = rf"{alternation(_NUMERATORS)}[\s-]+{alternation(_DENOMINATORS)}(?!-)"
FRACTION = re.compile(_FRACTION, re.IGNORECASE)
""""three quarters", "two fifths", "a third": read before counts, so "three quarters" is not 3 quarters."""
FRACTION_RANGE = re.compile(rf"(?:{alternation(_F['range_openers'])})\s+(?P<low>{_FRACTION})\s+(?:and|to)\s+(?P<high>{_FRACTION})",
                            re.IGNORECASE)
""""between a quarter and a third", "from a fifth to a quarter": a range of fractions, read before single fractions."""
_UNIT_STOP = set(words("figures", "unit_stop"))
_UNIT_SKIP = set(words("figures", "unit_skip"))
_TIME_UNITS = set(words("figures", "time_units"))
_MEASURE_UNITS = set(words("figures", "measure_units"))
_LENGTH_BEFORE = re.compile(r"(?<!\w)(?:for|of|lasting|lasted|took|takes)\s+$", re.IGNORECASE)
"""A count of time after "for", "of" or "took" is a length ("for ten years", "a pause of eleven months", "the refit took
six months"), a figure; after "in" or "within" alone it is a point or a limit in time ("in five years")."""
_INTERVAL_AFTER = re.compile(r"\s+(?:years?|months?|weeks?|days?|decades?|hours?)\s+(?:ahead|behind|early|earlier|late|later|after|"
                             r"before|overdue)(?!\w)", re.IGNORECASE)
"""A count of time before "ahead", "late", "after" … measures an interval ("two weeks ahead of schedule", "four months
late", "two years after it stopped"): a figure, like a length."""
_YEAR_WORD = re.compile(r"(?<![\w-])(?:in|during|for|of|by|until|through)\s+(?P<year>(?:19|20)[0-9]{2})(?![\w-])")


@dataclass
class Figure:
    start: int
    end: int
    original: str
    amount: Decimal | None
    unit: str
    """ISO 4217 code for money, else the unit words ("percent", "countries", "times")."""
    money: bool
    bound: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    period: str | None = None
    indicator: str = "UnspecifiedIndicator"
    as_of: str | None = None


def plain(value: Decimal) -> str:
    """A decimal without exponent, as ``xsd:decimal`` and shape S18 want it (``15000000000``, ``0.2``)."""
    text = format(value.normalize(), "f")
    return text


def number(raw: str) -> Decimal | None:
    """Digits ("1,200.5") or English words ("two hundred") as a Decimal; None when neither."""
    text = raw.strip()
    if re.fullmatch(_DIGITS, text):
        return Decimal(text.replace(",", ""))
    try:
        return Decimal(text2num(" ".join(text.lower().replace("-", " ").split()), "en"))
    except (ValueError, InvalidOperation):
        return None


def _scaled(value: Decimal, scale: str | None) -> Decimal:
    if not scale:
        return value
    return (value * _SCALES[scale.strip(" -").lower()]).normalize()


def _currency(match: re.Match[str], tag: str) -> str | None:
    for group in (f"pre{tag}", f"post{tag}"):
        found = match[group]
        if found:
            key = found.strip(" -")  # "-euro" in "a 45-million-euro upgrade"
            return _CURRENCIES.get(key) or _CURRENCIES.get(key.lower())
    return None


def _unit_after(text: str, end: int, limit: int, bounded: bool = False) -> tuple[str, int]:
    """The noun after a count, and where it ends: "30 countries", "18 trainer jets", "types of weapons".

    One plural noun, or a noun before a plural one ("trainer jets"); "of" and up to
    two words more when the first word is plural ("types of modern weapons").
    Words such as "more" in "two more ships" and a proper adjective ("60 Amaru
    technicians") are skipped, and a duration ("five years") is no unit unless
    ``bounded`` ("at least five years": the bound is what the sentence states)
    or an age ("30 years old").
    """
    found = list(re.finditer(r"[A-Za-z][a-z-]*", text[end:limit]))[:7]
    unit: list[str] = []
    stop = end
    for i, w in enumerate(found):
        gap = text[stop : end + w.start()]
        if gap.strip() or "\n" in gap:
            break
        word = w.group()
        if word[0].isupper():
            nxt_word = found[i + 1].group() if i + 1 < len(found) else ""
            if not unit and i == 0 and nxt_word[:1].islower() and nxt_word.endswith("s") and nxt_word not in _UNIT_STOP:
                stop = end + w.end()  # "60 Amaru technicians": a proper adjective before the noun
                continue
            break
        if not unit and word in _UNIT_SKIP:
            stop = end + w.end()
            continue
        if word in _UNIT_STOP and not (word == "of" and len(unit) == 1 and unit[0].endswith("s")):
            break
        unit.append(word)
        stop = end + w.end()
        if len(unit) == 1 and word.lower() in _MEASURE_UNITS:
            break  # "40 mm guns": the unit of measure, not the thing measured
        if word == "of":
            continue
        plural = word.endswith("s") or word in ("people", "aircraft", "personnel", "staff", "troops")
        if plural and (len(unit) == 1 or unit[-2] == "of"):
            nxt = found[i + 1].group() if i + 1 < len(found) else ""
            if not (nxt == "of" and len(unit) == 1):
                if unit[-2:-1] == ["of"] and i + 1 < len(found):
                    pass
                break
        if len(unit) >= 2 and unit[-2] != "of":
            following = found[i + 1].group() if i + 1 < len(found) else ""
            if len(unit) == 2 and following.endswith("s") and following not in _UNIT_STOP \
                    and not text[end + w.end() : end + found[i + 1].start()].strip():
                continue  # "armoured personnel carriers": two words before the plural noun
            break
        if unit[-2:-1] == ["of"] and plural:
            break
    while unit and unit[-1] == "of":
        unit.pop()
        stop = text.rfind("of", end, stop)
    if unit and unit[0] in _TIME_UNITS and len(unit) == 1 and not bounded and not re.match(r"\s+old\b", text[stop:limit]):
        return "", end  # "within five years" is a duration; "30 years old" is an age, a figure
    if len(unit) == 2 and unit[1] != "of" and not (unit[1].endswith("s") or unit[1] in ("aircraft", "people")):
        unit, stop = unit[:1], end + found[[w.group() for w in found].index(unit[0])].end()
    return " ".join(unit), stop


def _is_date_or_name(text: str, s: int, e: int, value: Decimal, has_unit: bool) -> bool:
    before, after = text[max(0, s - 12) : s], text[e : e + 12]
    if re.search(r"[\w-]$", before) or re.match(r"-?[A-Za-z]", after) or re.match(r"[-–][0-9]", after) and not has_unit:
        return True
    if re.match(r"(?:st|nd|rd|th)\b", after) or re.search(r"(?:No\.?|#)\s?$", before) or re.match(r":[0-9]", after):
        return True
    if not has_unit and value == value.to_integral() and 1800 <= value <= 2100 and "," not in text[s:e]:
        return True
    return False


def find(text: str, start: int, end: int, exclude: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """The figures between ``start`` and ``end``, in order; spans in ``exclude`` (dates) are skipped."""
    taken = list(exclude)
    out: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for m in RANGE.finditer(text, start, end):
        low, high = number(m["num1"]), number(m["num2"])
        if low is None or high is None or not free(m.start(), m.end()):
            continue
        scale = m["scale2"] or m["scale1"]
        currency = _currency(m, "2") or _currency(m, "1")
        pct = m["pct2"] or m["pct1"]
        low, high = _scaled(low, m["scale1"] or scale), _scaled(high, scale)
        # without "between"/"from", a range of counts needs "to" or a dash and a unit after it ("six to eight months")
        bare = not (m["opener"] or currency or pct or scale)
        if (bare and re.search(r"\sand\s", text[m.end("num1") : m.start("num2")])) or low >= high:
            continue
        if _is_date_or_name(text, m.start("num1"), m.end(), high, bool(currency or pct or scale)):
            continue
        unit, stop = (currency, m.end()) if currency else ("percent", m.end()) if pct else _unit_after(text, m.end(), end, True)
        if not unit:
            continue
        out.append(Figure(m.start(), stop, text[m.start() : stop], None, unit, bool(currency), "range", low, high))
        taken.append((m.start(), stop))
    for m in MIXED.finditer(text, start, end):
        whole = number(m["whole"])
        if whole is None or not free(m.start(), m.end()):
            continue
        unit, stop = _unit_after(text, m.end(), end, True)
        if not unit:
            continue
        s, bound = _bound_before(text, start, m.start())
        out.append(Figure(s, stop, text[s:stop], whole + Decimal("0.5"), unit, False, bound))
        taken.append((s, stop))
    for m in DURATION_ADJECTIVE.finditer(text, start, end):
        value = number(m["num"])
        if value is None or not free(m.start(), m.end()):
            continue
        s, bound = _bound_before(text, start, m.start())
        out.append(Figure(s, m.end(), text[s : m.end()], value, m["unit"].lower() + "s", False, bound))
        taken.append((s, m.end()))
    for m in DURATION_WORD.finditer(text, start, end):
        s, bound = _bound_before(text, start, m.start())
        if bound == "exact" or not free(s, m.end()):
            continue
        amount, word_unit = _DURATION_WORDS[m.group().split()[-1].lower()]
        out.append(Figure(s, m.end(), text[s : m.end()], Decimal(str(amount)), str(word_unit), False, bound))
        taken.append((s, m.end()))
    for m in FRACTION_RANGE.finditer(text, start, end):
        low, high = _fraction(m["low"]), _fraction(m["high"])
        if low is None or high is None or low >= high or not free(m.start(), m.end()):
            continue
        out.append(Figure(m.start(), m.end(), m.group(), None, "fraction", False, "range", low, high))
        taken.append((m.start(), m.end()))
    for m in FRACTION.finditer(text, start, end):
        amount = _fraction(m.group())
        if amount is None or not free(m.start(), m.end()):
            continue
        s, bound = _bound_before(text, start, m.start())
        out.append(Figure(s, m.end(), text[s : m.end()], amount, "fraction", False, bound))
        taken.append((s, m.end()))
    for m in SINGLE.finditer(text, start, end):
        if not free(m.start("num"), m.end("num")):
            continue
        value = number(m["num"])
        if value is None:
            continue
        currency = _currency(m, "")
        scale = m["scale"]
        pct = m["pct"]
        if _is_date_or_name(text, m.start("num"), m.end() if (scale or pct or m["post"]) else m.end("num"), value, bool(currency or pct or scale)):
            continue
        value = _scaled(value, scale)
        bound = next((k for k in BOUNDS if m.groupdict().get("b_" + k.replace("-", "_"))), "exact")
        s = m.start()
        if currency:
            unit, stop = currency, m.end()
        elif pct:
            unit, stop = "percent", m.end()
        else:
            length = _LENGTH_BEFORE.search(text, max(start, s - 8), s) is not None or _INTERVAL_AFTER.match(text, m.end(), end) is not None
            unit, stop = _unit_after(text, m.end(), end, bounded=bound != "exact" or length)
            if not unit:
                continue
        if bound == "approximately" and m["b_approximately"].lower() == "some" and not (currency or pct):
            pass
        out.append(Figure(s, stop, text[s:stop], value, unit, bool(currency), bound))
        taken.append((s, stop))
    for m in RATIO.finditer(text, start, end):
        if not free(m.start(), m.end()) or re.match(r"-", text[m.end() : m.end() + 1]):
            continue
        if re.search(r"(?:first|second)\s+$", text[max(0, m.start() - 8) : m.start()]):
            continue
        amount, unit = table("figures", "ratios")[" ".join(m.group().lower().split())]
        s, bound = _bound_before(text, start, m.start())
        out.append(Figure(s, m.end(), text[s : m.end()], Decimal(str(amount)), unit, False, bound))
        taken.append((s, m.end()))
    out.sort(key=lambda f: f.start)
    for figure in out:
        figure.period = _period(text, figure, start, end)
        figure.indicator = _indicator(text, figure, start, end)
    return out


def _fraction(words_: str) -> Decimal | None:
    """"three quarters" as 0.75, rounded to three places; None for a numerator not below the denominator ("four thirds")."""
    top, bottom = re.split(r"[\s-]+", words_.lower())
    numerator, denominator = _NUMERATORS[top], _DENOMINATORS[bottom]
    if numerator >= denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.001")).normalize()


def _bound_before(text: str, start: int, s: int) -> tuple[int, str]:
    """Where a ratio or fraction starts and its bound, with the bound words before it ("less than a third")."""
    lead = _BOUND_BEFORE.search(text, max(start, s - 20), s)
    if lead is None:
        return s, "exact"
    return lead.start(), next(k for k in BOUNDS if lead.group("b_" + k.replace("-", "_")))


def _period(text: str, figure: Figure, start: int, end: int) -> str | None:
    """The year a flow figure covers when the same clause says "in 2024" (else None: never guessed)."""
    window_start = max(start, text.rfind(";", start, figure.start) + 1)
    stops = [i for i in (text.find(";", figure.end, end),) if i != -1]
    window_end = min(stops) if stops else end
    years = [m["year"] for m in _YEAR_WORD.finditer(text, window_start, window_end)]
    return years[0] if len(set(years)) == 1 else None


MONEY_INDICATORS = ("OrderBacklog", "ForexEarnings", "ContractValue")


def _indicator(text: str, figure: Figure, start: int, end: int) -> str:
    """What the figure measures, from the words around it; ``UnspecifiedIndicator`` when none says."""
    if not figure.money:
        for indicator, cues in table("figures", "indicators").items():
            if indicator not in MONEY_INDICATORS and re.search(alternation(cues), figure.unit.lower()):
                return indicator
        return "UnspecifiedIndicator"
    lo, hi = max(start, figure.start - 80), min(end, figure.end + 60)
    best: tuple[int, str] | None = None
    for indicator in MONEY_INDICATORS:
        for m in re.finditer(alternation(table("figures", "indicators")[indicator]), text[lo:hi], re.IGNORECASE):
            s = lo + m.start()
            distance = figure.start - (lo + m.end()) if s < figure.start else s - figure.end
            if best is None or distance < best[0]:
                best = (distance, indicator)
    return best[1] if best else "UnspecifiedIndicator"
