"""All graphbuild rules on one parsed Doc -> plain results (the shapes stored on `doc._.gb_*`).

The results are lists of plain dicts (JSON/msgpack-safe, so they survive `n_process` > 1), with
character offsets into `doc.text`; `assemble` turns them into records.

>>> sorted(DocStatement.__annotations__)[:3]
['confidence', 'content', 'cue']
"""

from __future__ import annotations

from typing import TypedDict, get_args

from spacy.tokens import Doc, Token

from ..model import EntityLabel, Framing, MentionKind, StatementKind
from .entities import Mention, find_entities, token_mention
from .lexicon import Lexicon
from .limits import Deadline, current_deadline
from .programs import program_owner, program_phrases
from .quotemarks import scan_quotes
from .roles import Role, find_roles
from .speakers import Resolver
from .statements import Stmt, find_statements
from .syntax import char_bounds
from .when import time_words


class DocMention(TypedDict):
    """An entity mention: where, as written, the graph label and the canonical name."""

    start: int
    end: int
    text: str
    label: EntityLabel
    name: str
    kind: MentionKind


class DocRole(TypedDict):
    """A title held by a person, with its country/organisation when known."""

    person: str
    title: str
    title_class: str | None
    signature: str
    target_label: EntityLabel | None
    target: str | None
    start: int
    end: int
    evidence: str


class DocProgram(TypedDict):
    """A program and the country/organisation that runs it."""

    name: str
    owner_label: EntityLabel
    owner: str
    start: int
    end: int
    evidence: str


class DocStatement(TypedDict):
    """A statement with its resolved speaker (label/name None when unresolved)."""

    kind: StatementKind
    cue: str
    cue_span: list[int] | None
    content: list[list[int]]
    speaker_label: EntityLabel | None
    speaker_name: str | None
    speaker_kind: MentionKind | None
    speaker_text: str | None
    speaker_span: list[int] | None
    evidence: list[int]
    confidence: float
    framing: Framing
    negated: bool
    hedged: bool
    time_text: str | None
    speaker_role: str | None  # the role an unresolved title names (`roles.role_signature`)
    speaker_role_of: list[str] | None  # [label, name] of the country or organisation it names
    speaker_role_names: list[str]  # other names in it, which the holder's title must contain


class DocResult(TypedDict):
    """Everything the rules found in one Doc (`doc._.gb_*`, without the prefix)."""

    mentions: list[DocMention]
    roles: list[DocRole]
    programs: list[DocProgram]
    statements: list[DocStatement]
    notes: list[list[int | str]]
    error: str | None


def _mention(doc: Doc, text: str, m: Mention) -> DocMention:
    a, b = char_bounds(doc, m.start, m.end)
    return {"start": a, "end": b, "text": text[a:b], "label": m.label, "name": m.name, "kind": m.kind}


def _program(doc: Doc, m: Mention, label: EntityLabel, owner: str) -> DocProgram:
    a, b = char_bounds(doc, m.start, m.end)
    return {"name": m.name, "owner_label": label, "owner": owner, "start": a, "end": b, "evidence": doc[m.start].sent.text.strip()}


def _role(doc: Doc, r: Role) -> DocRole:
    a, b = char_bounds(doc, r.start, r.end)
    return {"person": r.person, "title": r.title, "title_class": r.title_class, "signature": r.signature, "target_label": r.target_label,
            "target": r.target, "start": a, "end": b, "evidence": doc[r.start].sent.text.strip()}


_FRAMES: dict[str, Framing] = {f: f for f in get_args(Framing)}
HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "ostensibly"})


def cue_tokens(doc: Doc, st: Stmt) -> list[Token]:
    """The tokens of a statement's cue (none for "according to"-style cues without a span)."""
    if st.cue_span is None:
        return []
    span = doc.char_span(st.cue_span[0], st.cue_span[1], alignment_mode="expand")
    return list(span) if span is not None else []


def framing(st: Stmt, toks: list[Token], lex: Lexicon) -> tuple[Framing, bool, bool]:
    """(framing class, negated, hedged) of a statement from its cue tokens: the class of the
    cue's lemma in `resources/framing.txt` ("neutral" for another reporting verb, "other" else);
    negated when the cue verb is ("did not say"); hedged when the sentence says "reportedly"….

    >>> # framing(stmt, cue_tokens(nlp("He denied that the talks failed."), stmt), lex) -> ("denial", False, False)
    """
    if not toks or st.cue == ":":  # "according to", a "Name: …" headline or transcript turn
        return ("neutral" if "according" in st.cue.lower() or st.cue == ":" else "other"), False, False
    cls = lex.phrasal_frame(toks[0].lemma_, toks[1].text) if len(toks) > 1 else None  # "called for"
    for t in toks if cls is None else []:
        lemma = t.lemma_.lower()
        cls = lex.framing.get(lemma) or lex.framing.get(t.lower_)
        if cls is None and lemma in lex.reporting_verbs:
            cls = "neutral"
        if cls:
            break
    cls = cls or st.frame
    head = next((t for t in toks if t.pos_ in {"VERB", "AUX"}), toks[0])
    negated = any(c.dep_ == "neg" for c in head.children)
    hedged = any(t.lower_ in HEDGES for t in head.sent)
    return _FRAMES.get(cls or "other", "other"), negated, hedged


def _statement(doc: Doc, st: Stmt, lex: Lexicon, resolver: Resolver) -> DocStatement:
    res = st.speaker.res
    role = None
    if res is None and st.speaker.span is not None:
        span = doc.char_span(st.speaker.span[0], st.speaker.span[1], alignment_mode="expand")
        role = resolver.describe_role(list(span)) if span is not None else None
    toks = cue_tokens(doc, st)
    cls, negated, hedged = framing(st, toks, lex)
    cue = next((t for t in toks if t.pos_ in {"VERB", "AUX"}), None)
    when = time_words(doc, cue, [(a, b) for a, b in st.content]) if cue is not None else None
    return {
        "kind": st.kind,
        "cue": st.cue,
        "cue_span": list(st.cue_span) if st.cue_span else None,
        "content": [list(c) for c in st.content],
        "speaker_label": res.mention.label if res else None,
        "speaker_name": res.mention.name if res else None,
        "speaker_kind": res.kind if res else None,
        "speaker_text": st.speaker.text,
        "speaker_span": list(st.speaker.span) if st.speaker.span else None,
        "evidence": list(st.evidence),
        "confidence": st.confidence,
        "framing": cls,
        "negated": negated,
        "hedged": hedged,
        "time_text": when,
        "speaker_role": role.signature if role else None,
        "speaker_role_of": list(role.owner) if role and role.owner else None,
        "speaker_role_names": sorted(role.named) if role else [],
    }


def annotate(doc: Doc, lex: Lexicon, *, deadline: Deadline | None = None) -> DocResult:
    """Entities, roles, program owners and statements with resolved speakers of a parsed Doc.

    `deadline` (by default `limits.current_deadline()`) is checked between the stages and
    candidates (and once more at the end): past it, `ExtractionTimeout` is raised.

    >>> # annotate(nlp("“We are ready,” the minister said."), default_lexicon())["statements"]
    """
    deadline = deadline or current_deadline()
    text = doc.text  # built anew on every access: read it once
    groups, notes = scan_quotes(text)  # shared by the salience model and the statement finders
    deadline.check()
    mentions = find_entities(doc, lex)
    deadline.check()
    # Two passes: "it/its" resolution needs no roles, and roles need "its" ("Its foreign minister, X").
    roles = find_roles(doc, lex, mentions, Resolver(doc, lex, mentions, [], groups).pronouns)
    deadline.check()
    resolver = Resolver(doc, lex, mentions, roles, groups)
    deadline.check()
    phrases = program_phrases(doc, lex, mentions, resolver.pronouns)
    tm = token_mention(mentions)
    programs: list[DocProgram] = []
    for m in mentions:
        if m.label == "Program":
            owner = program_owner(doc, lex, m, tm, resolver.pronouns)
            if owner is not None:
                programs.append(_program(doc, m, owner.label, owner.name))
    programs += [_program(doc, m, m.owner.label, m.owner.name) for m in phrases if m.owner is not None]
    deadline.check()
    stmts, notes = find_statements(doc, resolver, lex, text=text, quotes=(groups, notes), deadline=deadline)
    out_mentions = [_mention(doc, text, m) for m in mentions + phrases]
    # Pronoun and description mentions of resolved speakers count as mentions of them.
    seen = {(d["start"], d["end"]) for d in out_mentions}
    added: set[tuple[int, int]] = set()
    untagged = {id(m) for m in resolver.untagged.values() if m is not None}
    for st in stmts:
        res, span = st.speaker.res, st.speaker.span
        if res is not None and id(res.mention) in untagged and (res.mention.start, res.mention.end) not in added:
            added.add((res.mention.start, res.mention.end))
            out_mentions.append(_mention(doc, text, res.mention))  # a speaker the model did not tag is an entity
        if res is not None and span is not None and span not in seen and res.kind in {"pronoun", "title", "description"}:
            a, b = span
            out_mentions.append({"start": a, "end": b, "text": text[a:b], "label": res.mention.label, "name": res.mention.name, "kind": res.kind})
            seen.add(span)
    statements = [_statement(doc, st, lex, resolver) for st in stmts]
    deadline.check()
    return {
        "mentions": sorted(out_mentions, key=lambda d: (d["start"], d["end"])),
        "roles": [_role(doc, r) for r in roles],
        "programs": programs,
        "statements": statements,
        "notes": [[offset, msg] for offset, msg in notes],
        "error": None,
    }
