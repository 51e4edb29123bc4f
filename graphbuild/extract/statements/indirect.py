"""Indirect and mixed statements from the dependency parse: a verb of saying with a clausal
complement ("X said (that) …", "X added …", "X told reporters …", "…, X said"), the subject found
through "adding"/"and said" chains; a quote embedded in the clause makes it mixed. A parenthetical
"X said" inside a sentence attributes the sentence around it."""

from __future__ import annotations

from spacy.tokens import Token

from ...model import StatementKind
from ..limits import WORK
from ..syntax import subject_of
from .context import Context, Speaker


def _parenthetical(ctx: Context, v: Token) -> bool:
    """"Vice President Biden, Rubio said, had been in the Senate …": the sentence around it.
    True when `v` is such a cue (whether or not a statement was added)."""
    head = v.head
    if not (v.dep_ == "parataxis" and head.pos_ in {"VERB", "AUX"} and v.i < head.i and v.left_edge.i > head.left_edge.i):
        return False
    doc = ctx.doc
    parts = [ctx.trim(list(doc[head.left_edge.i : v.left_edge.i]), 1), ctx.trim(list(doc[v.right_edge.i + 1 : head.right_edge.i + 1]))]
    if parts[1] is None or any(p is not None and ctx.overlaps(*p) for p in parts):
        return True
    around = ctx.speaker_for(v, None)
    if around.text is None:
        return True
    content = [p for p in parts if p is not None]
    kind: StatementKind = "mixed" if any(ctx.has_quote(*p) for p in content) else "indirect"
    ctx.add_verb(kind, v, content, around, 0.8)
    return True


def _clause(ctx: Context, v: Token) -> list[Token] | None:
    """The reported clause of a cue verb: its complement (after the verb preferred), or the
    clause before a trailing "…, X said"; cut before a later verb of saying with its own clause."""
    doc = ctx.doc
    comps = [c for c in v.children if c.dep_ == "ccomp"]
    # Prefer the complement after the verb ("officials said [it was intended]").
    comp = next((c for c in comps if c.i > v.i), comps[0] if comps else None)
    if comp is not None:
        if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in comp.children):
            return None
        toks = list(doc[comp.left_edge.i : comp.right_edge.i + 1])  # within the sentence: bounded
        pivot = comp.i
    elif v.dep_ == "parataxis" and v.head.pos_ in {"VERB", "AUX"} and v.i > v.head.i:
        toks = list(doc[v.head.left_edge.i : v.left_edge.i])
        pivot = v.head.i
    else:
        return None
    WORK["clause_tokens"] += len(toks)
    # Stop before a later verb of saying that starts its own statement ("…, adding that …").
    for t in toks:
        if t.i > pivot and t.dep_ in {"advcl", "conj"} and t.lemma_.lower() in ctx.lex.reporting_verbs and any(c.dep_ == "ccomp" for c in t.children):
            return [x for x in toks if x.i < t.left_edge.i]
    return toks


def find_indirect(ctx: Context) -> None:
    """Indirect and mixed statements (see the module docstring)."""
    for v in ctx.doc:
        clause_cue = ctx.is_clause_cue(v)
        if not (ctx.is_cue(v) or clause_cue) or ctx.inside_direct(v.idx) or any(c.dep_ == "neg" for c in v.children):
            continue
        if clause_cue and not any(c.dep_ == "ccomp" and c.i > v.i for c in v.children):
            continue  # "X believes/found (that) …": the clause after the verb, nothing else
        if not ctx.candidate("indirect", v):
            continue
        if not any(c.dep_ == "ccomp" for c in v.children) and _parenthetical(ctx, v):
            continue
        toks = _clause(ctx, v)
        span = ctx.trim(toks) if toks is not None else None
        if span is None or ctx.overlaps(*span):
            continue
        kind: StatementKind = "mixed" if ctx.has_quote(*span) else "indirect"
        subj = subject_of(v)
        # "it was said that …": nobody to name.
        speaker = Speaker() if subj is not None and subj.dep_ == "nsubjpass" and subj.lower_ == "it" else ctx.speaker_for(v, None)
        if speaker.text is None or (clause_cue and not ctx.nameable(speaker)):
            continue  # a belief or a finding counts only with a named source
        ctx.add_verb(kind, v, [span], speaker, 0.85 if kind == "mixed" else 0.8)
