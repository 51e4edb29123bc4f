"""spaCy pipeline components, usable in your own pipelines.

>>> import spacy, graphbuild.extract.components  # registers the factories
>>> # nlp = spacy.load("en_core_web_sm")
>>> # nlp.add_pipe("graphbuild_paragraphs", before="parser")
>>> # nlp.add_pipe("graphbuild_programs", after="ner")
>>> # nlp.add_pipe("graphbuild_attribution", last=True)
>>> # doc = nlp(text); doc._.gb_statements  # list of dicts (see `annotate`)

Results are plain lists of dicts (JSON/msgpack-safe, so they survive `n_process` > 1):
`doc._.gb_mentions`, `doc._.gb_roles`, `doc._.gb_programs`, `doc._.gb_statements`, `doc._.gb_notes` ([offset, message] of skipped candidates) and
`doc._.gb_error` (set when the rules failed on this document).
All offsets are character offsets into `doc.text`.
"""

from __future__ import annotations

import logging
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from .entities import Mention, find_entities, token_mention
from .lexicon import LEX
from .quotemarks import scan_quotes
from .quotes import StatementFinder
from .relations import find_roles, program_owner, program_phrases
from .speakers import Resolver

log = logging.getLogger(__name__)

EXTENSIONS = ("gb_mentions", "gb_roles", "gb_programs", "gb_statements", "gb_notes", "gb_error")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("graphbuild_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every line break (headlines and paragraphs are never joined).

    Add it before the parser.
    """
    for t in doc[:-1]:
        if t.is_space and "\n" in t.text or "\n" in t.whitespace_:
            doc[t.i + 1].is_sent_start = True
    return doc


@Language.factory("graphbuild_programs", default_config={"overwrite_ents": True})
def make_program_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    """An EntityRuler labelling known programs, missions and spacecraft as PROGRAM ("Tianzhou 6").

    Names marked ambiguous in the word list need a number after them ("Apollo 11").
    """
    ruler = EntityRuler(nlp, name=name, overwrite_ents=overwrite_ents)
    patterns: list[dict[str, Any]] = []
    for prog, needs_number in LEX.program_names:
        toks: list[dict[str, Any]] = [{"ORTH": t.text} for t in nlp.make_doc(prog)]
        patterns.append({"label": "PROGRAM", "pattern": [*toks, {"LIKE_NUM": True}]})
        if not needs_number:
            patterns.append({"label": "PROGRAM", "pattern": toks})
    ruler.add_patterns(patterns)
    return ruler


def _chars(doc: Doc, s: int, e: int) -> tuple[int, int]:
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)


def _mention_dict(doc: Doc, text: str, m: Mention) -> dict[str, Any]:
    a, b = _chars(doc, m.start, m.end)
    return {"start": a, "end": b, "text": text[a:b], "label": m.label, "name": m.name, "kind": m.kind}


def annotate(doc: Doc) -> Doc:
    """Run all graphbuild rules on a parsed Doc and store the results in `doc._.gb_*`."""
    text = doc.text  # built anew on every access: read it once
    groups, notes = scan_quotes(text)  # shared by the salience model and the statement finder
    mentions = find_entities(doc)
    # Two passes: "it/its" resolution needs no roles, and roles need "its" ("Its foreign minister, X").
    roles = find_roles(doc, mentions, Resolver(doc, mentions, [], groups).pronouns)
    resolver = Resolver(doc, mentions, roles, groups)
    programs = program_phrases(doc, mentions, resolver.pronouns)
    tm = token_mention(mentions)
    out_programs = []
    for m in mentions:
        if m.label == "Program":
            owner = program_owner(doc, m, tm, resolver.pronouns)
            if owner is not None:
                a, b = _chars(doc, m.start, m.end)
                out_programs.append({"name": m.name, "owner_label": owner.label, "owner": owner.name, "start": a, "end": b,
                                     "evidence": doc[m.start].sent.text.strip()})
    for m in programs:
        if m.extra.get("owner_name"):
            a, b = _chars(doc, m.start, m.end)
            out_programs.append({"name": m.name, "owner_label": m.extra["owner_label"], "owner": m.extra["owner_name"], "start": a, "end": b,
                                 "evidence": doc[m.start].sent.text.strip()})
    finder = StatementFinder(doc, resolver, text=text, quotes=(groups, notes))
    stmts = finder.run()
    out_mentions = [_mention_dict(doc, text, m) for m in mentions + programs]
    # Pronoun and description mentions of resolved speakers count as mentions of them.
    names = {(d["start"], d["end"]) for d in out_mentions}
    out_stmts = []
    for st in stmts:
        res = st.speaker
        if res is not None and st.speaker_span is not None and tuple(st.speaker_span) not in names and res.kind in {"pronoun", "title", "description"}:
            a, b = st.speaker_span
            out_mentions.append({"start": a, "end": b, "text": text[a:b], "label": res.mention.label, "name": res.mention.name, "kind": res.kind})
            names.add((a, b))
        out_stmts.append({
            "kind": st.kind,
            "cue": st.cue,
            "cue_span": list(st.cue_span) if st.cue_span else None,
            "content": [list(c) for c in st.content],
            "speaker_label": res.mention.label if res else None,
            "speaker_name": res.mention.name if res else None,
            "speaker_kind": res.kind if res else None,
            "speaker_text": st.speaker_text,
            "speaker_span": list(st.speaker_span) if st.speaker_span else None,
            "evidence": list(st.evidence),
            "confidence": st.confidence,
        })
    doc._.gb_mentions = sorted(out_mentions, key=lambda d: (d["start"], d["end"]))
    doc._.gb_roles = [
        {"person": r.person, "title": r.title, "title_class": r.title_class, "target_label": r.target_label,
         "target": r.target, "start": _chars(doc, r.start, r.end)[0], "end": _chars(doc, r.start, r.end)[1],
         "evidence": doc[r.start].sent.text.strip()}
        for r in roles
    ]
    doc._.gb_programs = out_programs
    doc._.gb_statements = out_stmts
    doc._.gb_notes = [[offset, msg] for offset, msg in finder.notes]
    return doc


@Language.component("graphbuild_attribution")
def attribution(doc: Doc) -> Doc:
    """Entities, roles, program owners and statements with resolved speakers (see `annotate`).

    Needs a tagger, parser and NER before it.
    """
    try:
        return annotate(doc)
    except Exception as e:  # one odd document must not stop a batch: report it instead
        log.exception("graphbuild_attribution failed on a document")
        doc._.gb_error = f"{type(e).__name__}: {e}"
        return doc
