"""Statements whose content is not a clause of saying: a cue verb with a noun-phrase object
("denied the charge", "cited his record", "attacked Clinton for her vote"), an infinitive
("vowed to fight", "urged Congress to act", "wants to cut taxes"), a phrasal cue ("called for a
ban", "called on Obama to act", "pointed to the figures") or a question ("asked whether …").

The verbs are the lexicon's framing classes (`resources/framing.txt`) other than plain speech, so
each statement says what it is: a position is not a quote. A weaker cue than a clause, so it is
kept only with a speaker a reader can name (an entity, or a phrase with a name: "the Trump campaign"), never when negated or passive; evidence
verbs ("show", "find") take a noun-phrase object only from a document subject with a name ("a
Quinnipiac poll shows a close race", "the GAO study found 31 cases"; not "police found the body").
"""

from __future__ import annotations

from spacy.tokens import Token

from ...model import StatementKind
from ..syntax import VERB_POS, subject_of
from .context import Context

# Framing classes whose verbs take a noun-phrase or infinitive content.
OBJECT_FRAMES = frozenset({"assertion", "denial", "admission", "accusation", "promise", "warning", "question",
                           "position", "evidence", "characterisation"})
# Plain verbs of saying that report something with an object ("announced the arrest").
OBJECT_SPEECH = frozenset({"announce", "confirm", "describe", "mention", "note", "repeat", "reiterate", "recall",
                           "discuss", "propose", "cite", "defend", "criticize", "criticise", "question"})
# Verbs whose noun-phrase object is evidence only from a document ("the poll shows …").
DOCUMENT_ONLY = frozenset({"find", "show", "reveal", "indicate", "publish", "write", "post", "tweet", "disclose"})
# Prepositions that carry what was said ("warned of", "called for", "criticized X over Y").
CONTENT_PREPS = frozenset({"for", "on", "of", "about", "against", "as", "over", "with", "to"})
_CONTENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "oprd", "prep", "dative", "attr", "acomp", "pcomp"})
_CIRCUMSTANCE = frozenset({"DATE", "TIME"})
# Prepositions that carry the content on their own, without an object ("warned of", "complained about").
LONE_PREPS = frozenset({"of", "about", "against"})
# Verbs that report a position only with an infinitive ("aims to", not "aimed a gun").
INFINITIVE_ONLY = frozenset({"aim", "intend"})


def _phrasal(ctx: Context, v: Token) -> Token | None:
    """The particle of a phrasal cue right after the verb ("called for", "pointed to"), if any."""
    if v.i + 1 >= len(ctx.doc):
        return None
    nxt = ctx.doc[v.i + 1]
    return nxt if ctx.lex.phrasal_frame(v.lemma_, nxt.text) and nxt.head.i in {v.i, nxt.i + 1} else None


def _frame(ctx: Context, v: Token, particle: Token | None) -> str | None:
    lemma = v.lemma_.lower()
    if particle is not None:
        return ctx.lex.phrasal_frame(lemma, particle.text)
    return ctx.lex.framing.get(lemma) or ("neutral" if lemma in OBJECT_SPEECH else None)


def _content(ctx: Context, v: Token, particle: Token | None) -> tuple[int, int] | None:
    """Characters from the verb's first content child to the end of its last one."""
    doc = ctx.doc
    kids = []
    for c in v.children:
        if c.i <= v.i or c.dep_ not in _CONTENT_DEPS:
            continue
        if c.dep_ == "prep" and c is not particle and (c.lower_ not in CONTENT_PREPS or any(g.ent_type_ in _CIRCUMSTANCE for g in c.children)):
            continue
        kids.append(c)
    if not kids:
        return None
    deps = {k.dep_ for k in kids}
    lemma = v.lemma_.lower()
    if particle is None and deps == {"prep"} and min(kids, key=lambda k: k.i).lower_ not in LONE_PREPS:
        return None  # "called to a town hall", "proposed for individuals"
    if lemma in INFINITIVE_ONLY and "xcomp" not in deps:
        return None
    if ctx.lex.framing.get(lemma) == "characterisation" and particle is None and len(kids) < 2 and not deps & {"ccomp", "oprd", "xcomp"}:
        return None  # "called an emergency meeting": no characterisation without what it was called
    start = min(k.left_edge.i for k in kids)
    if particle is not None and start == particle.i:
        start += 1
    end = max(k.right_edge.i for k in kids)
    toks = list(doc[start : end + 1])
    return ctx.trim(toks, 2 if not any(t.pos_ == "PROPN" for t in toks) else 1)


def _document_subject(ctx: Context, v: Token) -> bool:
    subj = subject_of(v)
    return subj is not None and subj.lemma_.lower() in ctx.lex.document_nouns


def find_objects(ctx: Context) -> None:
    """Statements with noun-phrase, infinitive or phrasal content (see the module docstring)."""
    for v in ctx.doc:
        if v.pos_ not in VERB_POS or v.i in ctx.claimed_verbs or ctx.inside_direct(v.idx):
            continue
        particle = _phrasal(ctx, v)
        frame = _frame(ctx, v, particle)
        if frame is None or (frame not in OBJECT_FRAMES and frame != "neutral"):
            continue
        if any(c.dep_ in {"neg", "nsubjpass", "auxpass"} for c in v.children) or v.dep_ in {"amod", "acl", "relcl"} and subject_of(v) is None:
            continue
        if not ctx.candidate("objects", v):
            continue
        comps = [c for c in v.children if c.dep_ == "ccomp" and c.i > v.i]
        if comps and not (frame == "question" or any(m.dep_ == "mark" and m.lower_ in {"whether", "if"} for c in comps for m in c.children)):
            continue  # a clause of saying: the indirect finder's (or deliberately left alone)
        document = _document_subject(ctx, v)
        if v.lemma_.lower() in DOCUMENT_ONLY and particle is None and not document:
            continue
        span = _content(ctx, v, particle)
        if span is None or ctx.overlaps(*span) or span[1] - span[0] > 600:
            continue
        speaker = ctx.speaker_for(v, None)
        if (speaker.text or "").lower() in {"it", "this", "that", "which"}:
            continue  # "it plans to …": too weak a source for a position
        if speaker.text is None or not ctx.nameable(speaker):
            continue
        kind: StatementKind = "mixed" if ctx.has_quote(*span) else "indirect"
        end = particle if particle is not None else v
        ctx.add(kind, v, ctx.text[v.idx : end.idx + len(end)], (v.idx, end.idx + len(end)), [span], speaker, 0.7)
