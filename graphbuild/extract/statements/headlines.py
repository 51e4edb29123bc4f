"""Headline attributions: a short paragraph "Name: what they said" (the news convention), or a
quote after a headline that names its speaker first ("Warren Hammers Bank CEO: ‘You Should Be
Investigated’"); transcript turns ("PENCE: Well, look …")."""

from __future__ import annotations

import re
from collections import Counter

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
        quoted = ctx.has_quote(*rest) or bool(ctx.singles_in(*rest))
        ctx.add("direct" if quoted else "indirect", None, ":", (c, c + 1), [rest], ctx.named(names[0]), 0.75)


# "WALLACE: …", "SEN. MARIA LOPEZ: …": a speaker label in capitals opening a transcript line;
# "Q: …", "Tamm: …", "Interviewer: …": a short label that opens two lines or more (a dialogue).
_TURN = re.compile(r"[\"“]?((?:[A-Z][A-Z.'’\-]*\s){0,3}[A-Z][A-Z'’\-]+):[ \t]+(?=\S)")
_LABEL = re.compile(r"[\"“]?([A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,2}):[ \t]+(?=\S)")
ANSWER_LABELS = frozenset({"a", "answer"})  # the interviewee's turns
QUESTION_LABELS = frozenset({"q", "question", "interviewer"})  # the interviewer's turns


def _label_person(ctx: Context, label: str) -> Mention | None:
    """The one person of the article whose name ends with the label's last word ("PENCE"), or,
    for an answer label ("A"), the person the article mentions most (the interviewee)."""
    people = [m for m in ctx.resolver.mentions if m.label == "Person"]
    low = normal_name(label)
    if low in ANSWER_LABELS | QUESTION_LABELS:
        counts = Counter(m.name for m in people).most_common(2)
        if not counts or (len(counts) > 1 and counts[1][1] == counts[0][1]):
            return None
        guest = next(m for m in people if m.name == counts[0][0])
        return guest if low in ANSWER_LABELS else _interviewer(ctx, guest)
    last = normal_name(label).split()[-1:]
    named = {m.name: m for m in people if normal_name(m.name).split()[-1:] == last}
    return next(iter(named.values())) if len(named) == 1 else None


def _interviewer(ctx: Context, guest: Mention) -> Mention | None:
    """The person on the other side of "spoke to", "talked with", "interviewed" from the guest."""
    tm = ctx.resolver.tm
    for v in ctx.doc:
        if v.lemma_.lower() not in {"speak", "talk", "interview"}:
            continue
        sides = [c for c in v.children if c.dep_ in {"nsubj", "dobj"}]
        sides += [g for c in v.children if c.dep_ == "prep" and c.lower_ in {"to", "with"} for g in c.children if g.dep_ == "pobj"]
        for t in sides:
            m = tm.get(t.i)
            if m is not None and m.label == "Person" and m.name != guest.name:
                return m
    return None


def find_turns(ctx: Context) -> None:
    """Transcript and interview turns: a line opening with a speaker label in capitals ("PENCE:
    Well, look …"), or with a short label that opens two lines or more ("Q:", "Tamm:"), is what
    that speaker said, verbatim, to the end of the line. The label names the speaker when one
    person of the article has that surname ("A" is the person the article mentions most); else
    the statement keeps the label as written."""
    lines, pos = [], 0
    for line in ctx.text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    labels = Counter(m.group(1) for _, line in lines if (m := _LABEL.match(line)))
    qa = {normal_name(k) for k in labels}
    if qa & QUESTION_LABELS and qa & ANSWER_LABELS:  # "Q:" and "A:" both: an interview, however short
        labels.update({k: 1 for k in labels if normal_name(k) in QUESTION_LABELS | ANSWER_LABELS})
    who: dict[str, Mention | None] = {}
    for a, line in lines:
        m = _TURN.match(line)
        if m is None or len(m.group(1)) < 2:
            m = _LABEL.match(line)
            if m is None or labels[m.group(1)] < 2 or len(m.group(1).split()) > 2:
                continue
        if len(line[m.end() :].split()) < 3 and normal_name(m.group(1)) not in ANSWER_LABELS | QUESTION_LABELS:
            continue
        label, la = m.group(1), a + m.start(1)
        end = len(line.rstrip())
        if line[:1] in "\"“" and line[end - 1 : end] in "\"”":
            end -= 1  # a quoted transcript: the paragraph's own quote marks are not the turn's
        rest = (a + m.end(), a + end)
        if ctx.overlaps(*rest):
            continue
        lab = ctx.tokens(la, la + len(label))
        if label not in who:  # once per label: a transcript repeats its labels many times
            who[label] = _label_person(ctx, label)
        person = who[label]
        res = Resolution(person, "surname", lab.start, lab.end) if person is not None and lab is not None else None
        ctx.add("direct", None, ":", (la + len(label), la + len(label) + 1), [rest], Speaker(res, label, (la, la + len(label))), 0.75)
