"""Direct quotes from paired quote marks (straight and curly, paragraph by paragraph).

A quote left open at a paragraph end continues when the next paragraph opens with a quote mark
(the news convention); otherwise it is skipped and noted. The cue is found after the quote
("…,” he said."), before it (see `lead`), between two parts ("“A,” he said, “B.”"), or as a dash
signature ("“…” ― Name"). A quote paragraph right after a quote continues its speaker.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..limits import LEAD_CHARS
from ..quotemarks import ALL_MARKS, QuoteSpan
from ..syntax import SENTENCE_END, sentence_ends, subject_of
from .context import Context, Stmt, quote_content
from .lead import lead_statement

_DASH = re.compile(r"\s*(―|—|–|--)\s*")
_CAPITALS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NON_SPACE = re.compile(r"\S")


def _before(ctx: Context, i: int) -> tuple[int, str]:
    """Where the words before a quote mark at `i` start and those words, right-stripped: the
    paragraph up to the quote, or its last `LEAD_CHARS` characters (so the cost of a quote does
    not grow with its paragraph). Empty exactly when the quote opens its paragraph."""
    pa = ctx.line_bounds(i)[0]
    j = i
    while j > pa and ctx.text[j - 1].isspace():
        j -= 1
    lo = max(pa, j - LEAD_CHARS)
    return lo, ctx.text[lo:j]


def _dash_signature(ctx: Context, group: list[QuoteSpan], tail_text: str) -> Stmt | None:
    """“…” ― Name (quoted tweets, vox pops, epigraphs)."""
    dash = _DASH.match(tail_text)
    if not dash:
        return None
    text, last = ctx.text, group[-1]
    sig_a = last.close + 1 + dash.end()
    # A signature has at most 8 words: look for its end no further than LEAD_CHARS.
    lim = sig_a + LEAD_CHARS
    sig_b = min([i for i in (text.find(",", sig_a, lim), text.find("\n", sig_a, lim)) if i >= 0] + [min(lim, len(text))])
    sig = ctx.tokens(sig_a, sig_b)
    names = [t for t in sig if t.i in ctx.resolver.tm] if sig is not None and len(sig) <= 8 else []
    if sig is None or not names or names[0].i != sig.start:
        return None
    d0 = last.close + 1 + dash.start(1)
    return ctx.add("direct", None, dash.group(1), (d0, d0 + len(dash.group(1))), [quote_content(text, q) for q in group],
                   ctx.named(names[0]), 0.85)


def _trailing_cue(ctx: Context, last: QuoteSpan, tail_text: str, cut: int) -> Token | None:
    """The verb of a cue after the quote: “…,” he said. / “…,” Jeb Bush, the former governor, told CNN."""
    tail = ctx.tokens(last.close + 1, last.close + 1 + cut)
    verb = ctx.cue_in(tail, limit=6)
    if verb is None and tail is not None and len(tail) <= 30 and tail.text.lstrip().startswith(_CAPITALS):
        v2 = ctx.cue_in(tail, limit=30)
        if v2 is not None and (s2 := subject_of(v2)) is not None and s2.idx > last.close and s2.i < v2.i:
            verb = v2
    return verb


_INITIALS = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\([^)]*$")  # "G.K." in a name, "(D-N.C." inside parentheses


def _one_cue_sentence(ctx: Context, tail: str) -> bool:
    """“A,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus. “B”: the words between two quotes
    are one sentence (initials and parentheses are no sentence end), so B continues A."""
    t = tail.rstrip()
    if not t.endswith(".") or len(t) > 250 or any(c in t for c in ALL_MARKS):
        return False
    ends = sentence_ends(t, ctx.lex.abbreviations)
    return all(_INITIALS.search(t[: e + 1]) for e in ends if e < len(t) - 1)


def find_direct(ctx: Context) -> None:
    """Direct quotes and their speakers (see the module docstring)."""
    text, groups = ctx.text, ctx.groups
    skip: set[int] = set()
    prev: Stmt | None = None
    prev_end = -1
    for gi, group in enumerate(groups):
        if gi in skip:
            continue
        first, last = group[0], group[-1]
        pa, before = _before(ctx, first.open)
        _, lb = ctx.line_bounds(last.open)
        starts_clause = not before or before[-1] in SENTENCE_END + ":"
        nxt = groups[gi + 1] if gi + 1 < len(groups) else None
        tail_end = nxt[0].open if nxt is not None and nxt[0].open < lb else lb
        tail_text = text[last.close + 1 : tail_end]
        cut = next(iter(sentence_ends(tail_text, ctx.lex.abbreviations)), len(tail_text))
        if starts_clause:
            st = _dash_signature(ctx, group, tail_text)
            if st is not None:
                prev, prev_end = st, last.close
                continue
        inner_end = text[last.close - 1] if last.close > 0 else ""
        verb = _trailing_cue(ctx, last, tail_text, cut) if starts_clause or inner_end in ",?!" else None
        if verb is not None and (starts_clause or before.endswith(",")):
            content = [quote_content(text, s) for s in group]
            rest = tail_text[cut:] if cut < len(tail_text) else ""
            # “A,” he said, “B.” / “A,” he said. “B.” — the next quote continues this statement.
            if nxt is not None and nxt[0].open < lb and (
                (tail_text.rstrip().endswith(",") and not rest.strip(" ,")) or (rest.startswith(".") and not rest.strip(" ."))
                or _one_cue_sentence(ctx, tail_text)
            ):
                content += [quote_content(text, s) for s in nxt]
                skip.add(gi + 1)
                last = nxt[-1]
            tail = ctx.tokens(group[-1].close + 1, group[-1].close + 1 + cut)
            st = ctx.add_verb("direct", verb, content, ctx.speaker_for(verb, tail), 0.95)
            prev, prev_end = st, last.close
            continue
        # Leading cue: Kannan said: “…” / Kannan: “…” / …, writing “…” / Kannan said:¶“…”
        content = [quote_content(text, s) for s in group]
        st = lead_statement(ctx, pa, before, content)
        if st is not None:
            prev, prev_end = st, last.close
            continue
        # A quote paragraph right after a quote by a known speaker continues it.
        if (
            prev is not None
            and prev.speaker.res is not None
            and not before
            and not text[last.close + 1 : lb].strip(" .")
            and not _NON_SPACE.search(text, ctx.line_bounds(prev_end)[1], first.open)
        ):
            ctx.add("direct", None, prev.cue, None, content, prev.speaker, 0.7)
            prev_end = last.close
            continue
        prev = None
