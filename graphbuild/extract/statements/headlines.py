"""Headline attributions: a short paragraph "Name: what they said" (the news convention), or a
quote after a headline that names its speaker first ("Warren Hammers Bank CEO: ‘You Should Be
Investigated’"); transcript turns ("PENCE: Well, look …")."""

from __future__ import annotations

import re

from ...model import normal_name
from ..entities.mentions import Mention
from ..speakers import Resolution
from .context import Context, Speaker


def find_headlines(ctx: Context) -> None:
    """Statements of "Name: …" paragraphs."""
    text, tm = ctx.text, ctx.resolver.tm
    pos = 0
    for line in text.split("\n"):
        a, pos = pos, pos + len(line) + 1
        colon = line.find(": ")
        if colon <= 0 or colon > 60 or len(line) > 250 or len(line[colon + 2 :].split()) < 3:
            continue
        c = a + colon
        rest = (c + 2, a + len(line.rstrip()))
        lead = ctx.tokens(a, c)
        if lead is None or ctx.overlaps(*rest):
            continue
        names = [t for t in lead if t.i in tm and tm[t.i].label in {"Person", "Organization"}]
        if not names:
            continue
        only_names = all(t.i in tm or t.is_punct or t.lower_ == "the" for t in lead)
        quoted_rest = line[colon + 2 :].lstrip()[:1] in "‘“\"'" and len(lead) <= 10 and names[0].i <= lead.start + 2
        if not (only_names or quoted_rest):
            continue
        quoted = ctx.has_quote(*rest) or any(rest[0] <= q.open < rest[1] for q in ctx.singles)
        ctx.add("direct" if quoted else "indirect", None, ":", (c, c + 1), [rest], ctx.named(names[0]), 0.75)


# "WALLACE: …", "SEN. MARIA LOPEZ: …": a speaker label in capitals opening a transcript line.
_TURN = re.compile(r"[\"“]?((?:[A-Z][A-Z.'’\-]*\s){0,3}[A-Z][A-Z'’\-]+):[ \t]+(?=\S)")


def _label_person(ctx: Context, label: str) -> Mention | None:
    """The one person of the article whose name ends with the label's last word ("PENCE")."""
    last = normal_name(label.split()[-1])
    people = {m.name: m for m in ctx.resolver.mentions if m.label == "Person" and normal_name(m.name).split()[-1:] == [last]}
    return next(iter(people.values())) if len(people) == 1 else None


def find_turns(ctx: Context) -> None:
    """Transcript turns: a line opening with a speaker label in capitals ("PENCE: Well, look …")
    is what that speaker said, verbatim, to the end of the line. The label names the speaker
    when one person of the article has that surname; else the statement keeps the label as written."""
    pos = 0
    for line in ctx.text.split("\n"):
        a, pos = pos, pos + len(line) + 1
        m = _TURN.match(line)
        if m is None or len(m.group(1)) < 2 or len(line[m.end() :].split()) < 3:
            continue
        label, la = m.group(1), a + m.start(1)
        end = len(line.rstrip())
        if line[:1] in "\"“" and line[end - 1 : end] in "\"”":
            end -= 1  # a quoted transcript: the paragraph's own quote marks are not the turn's
        rest = (a + m.end(), a + end)
        if ctx.overlaps(*rest) or normal_name(label) in {"q", "a"}:
            continue
        lab = ctx.tokens(la, la + len(label))
        person = _label_person(ctx, label)
        res = Resolution(person, "surname", lab.start, lab.end) if person is not None and lab is not None else None
        ctx.add("direct", None, ":", (la + len(label), la + len(label) + 1), [rest], Speaker(res, label, (la, la + len(label))), 0.75)
