"""Direct quotes whose cue comes before them: in the same paragraph ("X said: “…”", "X: “…”",
"…, writing “…”") or as the previous paragraph's last sentence ending in a colon
("Kannan told reporters:¶“…”")."""

from __future__ import annotations

from spacy.tokens import Span

from ..limits import LEAD_CHARS
from ..syntax import PEOPLE_SPEAKER_PRONOUNS, VERB_POS, sentence_ends, subject_of
from .context import Context, Stmt


def _verb_right_before(ctx: Context, lead_end: int, content: list[tuple[int, int]]) -> Stmt | None:
    """A verb of saying right before the quote: "…, writing “…”", "by saying “…”"."""
    last = ctx.tokens(lead_end - 1, lead_end)
    if last is None or not ctx.is_cue(last[-1]):
        return None
    verb = last[-1]
    return ctx.add_verb("direct", verb, content, ctx.speaker_for(verb, ctx.doc[verb.sent.start : verb.i + 1]), 0.85)


def _lead_span(ctx: Context, pa: int, before: str) -> tuple[Span | None, int] | None:
    """The lead sentence before a quote and where it ends; None when there is no lead."""
    ab = ctx.lex.abbreviations
    if before:
        lead_end = pa + len(before)
        ends = sentence_ends(before, ab)
        lead_a = pa + ends[-1] + 2 if ends else pa
        return ctx.tokens(lead_a, lead_end - 1), lead_end
    j = pa
    while j > 0 and ctx.text[j - 1].isspace():
        j -= 1
    if ctx.text[j - 1 : j] != ":":
        return None
    # The paragraph before, up to the colon (its last LEAD_CHARS characters).
    qa = max(ctx.line_break_before(j) + 1, j - LEAD_CHARS)
    ends = sentence_ends(ctx.text[qa:j], ab)
    lead_a = qa + ends[-1] + 2 if ends else qa
    lead_end = j
    if ctx.has_quote(lead_a, lead_end):
        return None  # the colon ends a quote: “… the following:”
    return ctx.tokens(lead_a, lead_end - 1), lead_end


def lead_statement(ctx: Context, pa: int, before: str, content: list[tuple[int, int]]) -> Stmt | None:
    """The statement of a quote whose cue precedes it (`before`: the paragraph up to the quote)."""
    if before and not before.endswith((":", ",")):
        return _verb_right_before(ctx, pa + len(before), content)
    colon = not before or before.endswith(":")
    found = _lead_span(ctx, pa, before)
    lead, lead_end = found if found is not None else (None, 0)
    if lead is None:
        return None
    cue = ctx.cue_in(lead, limit=12, from_end=True)  # the verb of saying nearest the quote
    if cue is not None:
        return ctx.add_verb("direct", cue, content, ctx.speaker_for(cue, lead), 0.9)
    if not colon:
        return None
    tm = ctx.resolver.tm
    names = [t for t in lead if t.i in tm]
    if names and all(t.i in tm or t.is_punct or t.lower_ == "the" for t in lead):
        c = lead_end - 1
        return ctx.add("direct", None, ":", (c, c + 1), content, ctx.named(names[0]), 0.85)
    # Any other verb whose subject is a known speaker: "Cruz called them on it: “…”".
    root = next((t for t in lead if t.dep_ == "ROOT" and t.pos_ in VERB_POS and t.i not in ctx.claimed_verbs), None)
    subj = subject_of(root) if root is not None else None
    if root is None or subj is None or subj.dep_ != "nsubj" or not (subj.i in tm or subj.lower_ in PEOPLE_SPEAKER_PRONOUNS):
        return None
    return ctx.add_verb("direct", root, content, ctx.speaker_for(root, lead), 0.75)
