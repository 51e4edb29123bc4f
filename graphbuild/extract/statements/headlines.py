"""Headline attributions: a short paragraph "Name: what they said" (the news convention), or a
quote after a headline that names its speaker first ("Warren Hammers Bank CEO: ‘You Should Be
Investigated’")."""

from __future__ import annotations

from .context import Context


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
