"""Statement rules, one finder per form, run in a fixed order over a shared `Context`:

1. `direct`: paired quote marks with a cue after, before (`lead`) or inside, dash signatures;
2. `headlines`: transcript turns ("PENCE: Well, look …") and "Name: what they said";
3. `according`: "according to X, …";
4. `indirect`: verbs of saying with a clausal complement (mixed when a quote is embedded);
5. `characterise`: quoted words put on someone ("called the plan “reckless”");
6. `objects`: noun-phrase, infinitive and phrasal content ("denied the charge", "vowed to fight",
   "called for a ban"), typed by the framing of its cue.

A verb used as one statement's cue is not used again, and statements never overlap, so the
order matters: the most specific forms go first.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import Lexicon
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
                    quotes: tuple[list[list[QuoteSpan]], list[tuple[int, str]]] | None = None) -> tuple[list[Stmt], list[tuple[int, str]]]:
    """All statements of a Doc in text order, and notes on skipped quote marks.

    >>> # stmts, notes = find_statements(doc, resolver, default_lexicon())
    """
    ctx = Context(doc, resolver, lex, text=text, quotes=quotes)
    for finder in FINDERS:
        finder(ctx)
    ctx.stmts.sort(key=lambda s: s.content[0][0])
    return ctx.stmts, ctx.notes
