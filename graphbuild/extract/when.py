"""Statement time: when a statement was made, from the words that date its cue ("said on
Tuesday", "told reporters last week", "in a 2014 interview", "on July 6"), resolved relative to
the article's publication date with dateparser, with its precision (day, week, month, year).

>>> resolve_time("last Tuesday", "2016-09-14")
('2016-09-13', 'day')
>>> resolve_time("Wednesday", "2016-09-14")  # the day of publication
('2016-09-14', 'day')
>>> resolve_time("in a 2014 interview", None)
('2014-01-01', 'year')
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..model import TimePrecision

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PRECISION: dict[str, TimePrecision] = {"day": "day", "part_of_day": "day", "time": "day", "week": "week", "month": "month",
                                        "year": "year"}


def time_words(doc: Doc, cue: Token, content: list[tuple[int, int]]) -> str | None:
    """The date expression attached to the cue verb (a DATE entity whose head chain reaches the
    cue without another verb), outside the statement's content; None when there is none."""
    for ent in _sentence_dates(cue):
        if any(a <= ent.start_char < b for a, b in content):
            continue
        t = ent.root
        for _ in range(4):
            if t.head is t:
                break
            t = t.head
            if t == cue:
                return str(ent.text)
            if t.pos_ in {"VERB", "AUX"}:
                break
    return None


def _sentence_dates(cue: Token) -> list[Span]:
    """The DATE entities inside the cue's sentence, in order (as `cue.sent.ents` filtered, which
    builds every entity of the Doc: this reads only the sentence)."""
    sent = cue.sent
    doc = sent.doc
    out: list[Span] = []
    i = sent.start
    while i < sent.end:
        t = doc[i]
        if t.ent_iob_ == "B" and t.ent_type_ == "DATE":
            j = i + 1
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            if j <= sent.end:
                out.append(doc[i:j])
            i = j
            continue
        i += 1
    return out


@lru_cache(maxsize=64)
def _parser(base: datetime | None) -> Any:
    """One dateparser parser per publication date (building one costs more than parsing)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def resolve_time(text: str, published: str | None) -> tuple[str | None, TimePrecision | None]:
    """(ISO date of the period's start, precision) of a date expression, relative to `published`
    (an ISO date); a relative expression without a publication date stays unresolved."""
    words = re.sub(r"^(on|in|at|during|last|this|earlier|late|early)\s+(?=\d)", "", text.strip(), flags=re.I)
    words = re.sub(r"^(earlier|later)\s+(?=this|last)", "", words, flags=re.I)
    base = None
    if published:
        try:
            base = datetime.fromisoformat(published[:10])
        except ValueError:
            base = None
    year = _YEAR.search(words)
    if base is None and not year:
        return None, None
    if year and not re.search(r"[A-Za-z]{3,}\.?\s+\d{1,2}|\d{1,2}/\d{1,2}", words):
        return f"{year.group(1)}-01-01", "year"
    day = re.sub(r"^(on|in|at|during)\s+", "", words, flags=re.I).lower().split()
    if base is not None and day and day[0] in _WEEKDAYS and _WEEKDAYS.index(day[0]) == base.weekday():
        return base.date().isoformat(), "day"  # "said Friday" in Friday's paper: that day, not a week before
    data = _parser(base).get_date_data(re.sub(r"^(on|in|at|during)\s+", "", words, flags=re.I))
    if data is None or data.date_obj is None:
        return None, None
    d, precision = data.date_obj.date(), _PRECISION.get(data.period or "day", "day")
    if base is not None and d > base.date():
        return None, None  # a statement reported before it was made: a misread date
    if precision == "month":
        return f"{d:%Y-%m}-01", precision
    if precision == "year":
        return f"{d:%Y}-01-01", precision
    return d.isoformat(), precision
