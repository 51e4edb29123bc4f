"""Statement rules, one finder per form, run in a fixed order over a shared `Context`:

1. `direct`: paired quote marks with a cue after, before (`lead`) or inside, dash signatures;
2. `headlines`: transcript turns ("PENCE: Well, look …") and "Name: what they said";
3. `according`: "according to X, …";
4. `indirect`: verbs of saying with a clausal complement (mixed when a quote is embedded);
5. `characterise`: quoted words put on someone ("called the plan “reckless”");
6. `objects`: noun-phrase, infinitive and phrasal content ("denied the charge", "vowed to fight",
   "called for a ban"), typed by the framing of its cue.

A verb used as one statement's cue is not used again, and statements never overlap, so the
order matters: the most specific forms go first. Last, an indirect statement whose sentence goes
on to a quote nobody else was given runs to the end of that sentence ("…, but instead Obama is
giving them “…”"): the quote is part of what was reported.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..limits import NO_DEADLINE, Deadline
from ..quotemarks import QuoteSpan
from ..speakers import Resolver
from .according import find_according
from .characterise import find_characterisations
from .context import Context, Speaker, Stmt
from .direct import find_direct
from .headlines import find_headlines, find_turns
from .indirect import find_indirect
from .objects import find_objects

FINDERS = (find_direct, find_turns, find_headlines, find_according, find_indirect, find_characterisations, find_objects)

__all__ = ["FINDERS", "Context", "Speaker", "Stmt", "find_statements"]


def find_statements(doc: Doc, resolver: Resolver, lex: Lexicon, *, text: str | None = None,
                    quotes: tuple[list[list[QuoteSpan]], list[tuple[int, str]]] | None = None,
                    deadline: Deadline = NO_DEADLINE) -> tuple[list[Stmt], list[tuple[int, str]]]:
    """All statements of a Doc in text order, and notes on skipped quote marks.

    >>> # stmts, notes = find_statements(doc, resolver, default_lexicon())
    """
    ctx = Context(doc, resolver, lex, text=text, quotes=quotes, deadline=deadline)
    for finder in FINDERS:
        deadline.check()
        finder(ctx)
    _reach_quotes(ctx)
    ctx.stmts.sort(key=lambda s: s.content[0][0])
    return ctx.stmts, ctx.notes


def _reach_quotes(ctx: Context) -> None:
    """Indirect statements reach a quote later in their sentence that no statement holds (mixed)."""
    doc = ctx.doc
    for st in ctx.stmts:
        if st.kind != "indirect":
            continue
        a, b = st.content[-1]
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sent = span[-1].sent
        if not ctx.has_quote(b, sent.end_char):
            continue
        new = ctx.trim(list(doc[span.start : sent.end]))
        if new is None or new[1] <= b:
            continue
        if ctx.overlaps(b, new[1], exclude=st):
            continue
        ctx.set_content(st, len(st.content) - 1, (a, new[1]))
        st.kind = "mixed"
