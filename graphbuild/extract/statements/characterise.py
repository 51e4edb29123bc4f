"""Quoted words put on someone: "X called the plan “reckless”", "calling him “a loser”",
"X described it as “a crucial step”", "pledged a “political revolution”", "pounding Trump as a
“con artist”" — mixed statements whose cue is a characterising verb, a verb of saying with an
object, or any verb that puts an "as"/"for" phrase with quoted words on its object. A weaker cue: kept only with a
speaker that can be named."""

from __future__ import annotations

from spacy.tokens import Token

from ..quotemarks import ALL_MARKS
from ..syntax import UNNAMED_SPEAKERS, VERB_POS
from .context import Context

_NOT_OWN = {"conj", "cc", "advcl", "punct", "parataxis", "mark"}


def _phrase_end(ctx: Context, v: Token) -> Token | None:
    """The last token of what the verb puts on its object, or None when `v` is not such a cue."""
    lemma = v.lemma_.lower()
    nxt = ctx.doc[v.i + 1].text if v.i + 1 < len(ctx.doc) else ""
    if ctx.lex.phrasal_frame(lemma, nxt) not in {None, "characterisation"}:
        return None  # a phrasal cue of its own ("called for", "called on"): see `objects`
    if lemma in ctx.lex.characterising_verbs:
        own = [c for c in v.children if c.i > v.i and c.dep_ not in _NOT_OWN]
        return max(own, key=lambda c: c.right_edge.i).right_edge if own else None
    # "pounding Trump as a “con artist”", "admires Putin as a “strong leader”", "blasted the media
    # for being “dishonest”": any verb that puts an "as"/"for" phrase with quoted words on its object.
    if any(c.dep_ == "dobj" and c.i > v.i for c in v.children):
        put = [c for c in v.children if c.dep_ == "prep" and c.lower_ in {"as", "for"} and c.i > v.i]
        if put and any(t.text in ALL_MARKS for t in ctx.doc[put[-1].i : put[-1].right_edge.i + 1]):
            return put[-1].right_edge
    if lemma in ctx.lex.reporting_verbs:
        # "pledged a “political revolution”", "warned of the dangers of “…”", "promised to “…”"
        obj = next((c for c in v.children if c.i > v.i and (c.dep_ in {"dobj", "xcomp"} or c.dep_ == "prep" and c.lower_ in {"of", "about"})), None)
        return obj.right_edge if obj is not None else None
    return None


def find_characterisations(ctx: Context) -> None:
    """Mixed statements of quoted words put on someone (see the module docstring)."""
    doc = ctx.doc
    for v in doc:
        if v.pos_ not in VERB_POS or v.i in ctx.claimed_verbs:
            continue
        end = _phrase_end(ctx, v)
        if end is None:
            continue
        if any(c.dep_ in {"nsubjpass", "auxpass", "neg"} for c in v.children) or ctx.inside_direct(v.idx):
            continue
        if not ctx.candidate("characterise", v):
            continue
        first = v.i + 1
        while first <= end.i and (doc[first].dep_ == "prep" and doc[first].lower_ in {"to", "of", "about"} or doc[first].is_punct and doc[first].text not in ALL_MARKS):
            first += 1
        if first > end.i or first - v.i > 3:
            continue
        a, b = doc[first].idx, end.idx + len(end)
        spans = ctx.quotes_in(a, b) + ctx.singles_in(a, b)
        if not spans or b - a > 400:
            continue
        b = ctx.past_quote(max(q.close + 1 for q in spans))  # the quoted words (and their phrase) end the statement
        if ctx.overlaps(a, b):
            continue
        speaker = ctx.speaker_for(v, None)
        if speaker.text is None or (speaker.res is None and speaker.text.lower() in UNNAMED_SPEAKERS):
            continue  # a weaker cue: only with a speaker we can name
        st = ctx.add_verb("mixed", v, [(a, b)], speaker, 0.75)
        if st is not None:
            st.frame = "characterisation"
