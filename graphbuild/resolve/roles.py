"""Titles across articles: a statement whose speaker is a title or description its own article
does not resolve ("The GOP nominee said …" in an article that never names him) is attributed to
the person the graph's HOLDS_ROLE facts say holds that role at the statement's date:
`(Quote)-[:ATTRIBUTED_TO {role, title, support}]->(Person)`.

A fact matches when it is the same role (`Relation.role`: class, deputy, former), of the same
country or organisation when the description names one (through SAME_AS), with every other name
of the description in the title ("the Indiana governor"), and stated in an article published
within WINDOW_DAYS of the statement's date. Only a description that says whose role it is (a
country, an organisation or another name: "the GOP nominee", "the Ohio governor") is resolved:
"the governor" is not, however few governors the graph knows. The link is made when exactly one
canonical person matches, or when one has at least DOMINANCE times the supporting articles of all
the others together (a stray or historical mention, "the 2008 nominee", does not make the nominee
of the day ambiguous); otherwise the speaker stays unresolved, never guessed.

>>> from graphbuild.model import RoleFact, RoleSpeaker
>>> facts = [RoleFact("Person:ana ruiz", "Country:chile", "Finance Minister", "Finance Minister", ("art_1",))]
>>> q = RoleSpeaker("q_1", "Finance Minister", "Country:chile", (), "2024-03-02")
>>> [(e.src, e.dst) for e in role_speakers([q], facts, {"art_1": "2024-03-01"})]
[('q_1', 'Person:ana ruiz')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from ..model import ATTRIBUTED_TO, EdgeRow, RoleFact, RoleSpeaker, normal_name

WINDOW_DAYS = 366  # a role stated more than a year away from the statement says nothing of it
DOMINANCE = 5  # among several holders, one is taken only with this many times the articles of all others

__all__ = ["DOMINANCE", "WINDOW_DAYS", "role_speakers"]


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def role_speakers(speakers: Iterable[RoleSpeaker], facts: Iterable[RoleFact], published: Mapping[str, str | None],
                  canonical: Mapping[str, str] | None = None) -> list[EdgeRow]:
    """ATTRIBUTED_TO links for statements by unresolved titles (see the module docstring).

    `published` maps article ids to publication dates; `canonical` maps entity keys to their
    canonical key (the SAME_AS links), so variants of one person count once.
    """
    canon = canonical or {}
    by_role: dict[str, list[tuple[RoleFact, set[str], list[date | None]]]] = defaultdict(list)
    for f in facts:  # each fact's title words and article dates, once
        words = set(normal_name(f.title).split()) | set(f.target.split(":", 1)[-1].split())
        by_role[f.role].append((f, words, [_day(published.get(a)) for a in f.articles]))
    out: list[EdgeRow] = []
    for s in speakers:
        if s.of is None and not s.names:
            continue  # "the governor" says not which one: never guessed from how few governors the graph knows
        when = _day(s.date)
        holders: dict[str, list[RoleFact]] = defaultdict(list)
        for f, words, days in by_role.get(s.role, ()):
            if s.of is not None and canon.get(f.target, f.target) != canon.get(s.of, s.of):
                continue
            if not set(s.names) <= words:
                continue
            if when is not None and not any(d is None or abs((d - when).days) <= WINDOW_DAYS for d in days):
                continue
            holders[canon.get(f.person, f.person)].append(f)
        support = sorted(((len({a for f in fs for a in f.articles}), p) for p, fs in holders.items()), key=lambda x: (-x[0], x[1]))
        if not support or (len(support) > 1 and support[0][0] < DOMINANCE * sum(n for n, _ in support[1:])):
            continue
        n, person = support[0]
        fs = holders[person]
        out.append(EdgeRow(src=s.id, type=ATTRIBUTED_TO, dst=person,
                           props={"role": s.role, "title": max(fs, key=lambda f: len(f.articles)).title, "support": n}))
    return out
