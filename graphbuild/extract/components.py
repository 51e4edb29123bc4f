"""spaCy pipeline components, usable in your own pipelines.

>>> import spacy, graphbuild.extract.components  # registers the factories
>>> # nlp = spacy.load("en_core_web_sm")
>>> # nlp.add_pipe("graphbuild_paragraphs", before="parser")
>>> # nlp.add_pipe("graphbuild_programs", after="ner")
>>> # nlp.add_pipe("graphbuild_attribution", last=True)
>>> # doc = nlp(text); doc._.gb_statements  # list of dicts (see `annotate.DocStatement`)

Each factory declares what it needs (`requires`) and sets (`assigns`). The word lists are read
in `initialize()` (the packaged `resources/`, or `lexicon=FOLDER` of your own); a component that
was never initialised reads the packaged ones on first use. Results are plain lists of dicts
(JSON/msgpack-safe, so they survive `n_process` > 1): `doc._.gb_mentions`, `doc._.gb_roles`,
`doc._.gb_programs`, `doc._.gb_statements`, `doc._.gb_notes` ([offset, message] of skipped
candidates). All offsets are character offsets into `doc.text`.

Errors: by default (`errors="raise"`) a rule that fails raises, as spaCy components do. With
`errors="record"` (what graphbuild's own pipeline uses, so one odd document never stops a batch)
the Doc gets `doc._.gb_error` ("<rule error>: <type>: <message>"), the traceback is logged, and
graphbuild reports that article as failed.

Time: the attribution component gives the rules of one Doc (a window of an article) at most
`budget` seconds (config, default `limits.DEFAULT_BUDGET`; 0: no limit); past it they stop with
`limits.ExtractionTimeout` (recorded as `doc._.gb_error` "extraction exceeded 60 s").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, Literal

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc
from spacy.training import Example

from .annotate import DocResult, annotate
from .lexicon import Lexicon, default_lexicon
from .limits import DEFAULT_BUDGET, Deadline, ExtractionTimeout, deadline_scope, split_long_runs

log = logging.getLogger(__name__)

EXTENSIONS = ("gb_mentions", "gb_roles", "gb_programs", "gb_statements", "gb_notes", "gb_error")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

ErrorMode = Literal["raise", "record"]


def doc_result(doc: Doc) -> DocResult:
    """The plain results of graphbuild's components on a Doc (the Doc itself can then be freed)."""
    return {
        "mentions": doc._.gb_mentions or [], "roles": doc._.gb_roles or [], "programs": doc._.gb_programs or [],
        "statements": doc._.gb_statements or [], "notes": doc._.gb_notes or [], "error": doc._.gb_error,
    }


@Language.component("graphbuild_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every line break (headlines and paragraphs are never joined),
    and in any run of more than `limits.MAX_SENT_TOKENS` tokens (`limits.split_long_runs`), so
    the rules' work per sentence is bounded whatever the text.

    Add it before the parser.
    """
    for t in doc[:-1]:
        if t.is_space and "\n" in t.text or "\n" in t.whitespace_:
            doc[t.i + 1].is_sent_start = True
    split_long_runs(doc)
    return doc


class ProgramRuler(EntityRuler):
    """An EntityRuler labelling known programs, missions and spacecraft as PROGRAM ("Tianzhou 6").

    Names marked ambiguous in the word list need a number after them ("Apollo 11").
    """

    def __init__(self, nlp: Language, name: str, *, overwrite_ents: bool, lexicon: str) -> None:
        super().__init__(nlp, name=name, overwrite_ents=overwrite_ents)
        self.lexicon_path = lexicon
        self._loaded = False

    def initialize(self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None,
                   patterns: Any = None, lexicon: str | None = None) -> None:
        """Read the program names from the lexicon (or take `patterns` as EntityRuler does)."""
        if patterns is None:
            patterns = self.patterns_from(default_lexicon(lexicon or self.lexicon_path or None))
        super().initialize(get_examples or (lambda: []), nlp=nlp, patterns=patterns)
        self._loaded = True

    def patterns_from(self, lex: Lexicon) -> list[dict[str, Any]]:
        """Token patterns for every program name ("Apollo" needs a number when marked with *)."""
        patterns: list[dict[str, Any]] = []
        for prog, needs_number in lex.program_names:
            toks: list[dict[str, Any]] = [{"ORTH": t.text} for t in self.nlp.make_doc(prog)]
            patterns.append({"label": "PROGRAM", "pattern": [*toks, {"LIKE_NUM": True}]})
            if not needs_number:
                patterns.append({"label": "PROGRAM", "pattern": toks})
        return patterns

    def __call__(self, doc: Doc) -> Doc:
        if not self._loaded:
            self.initialize()
        return super().__call__(doc)


@Language.factory("graphbuild_programs", default_config={"overwrite_ents": True, "lexicon": ""},
                  requires=["doc.ents"], assigns=["doc.ents", "token.ent_type", "token.ent_iob"])
def make_program_ruler(nlp: Language, name: str, overwrite_ents: bool, lexicon: str) -> ProgramRuler:
    """The program ruler (see `ProgramRuler`); add it after "ner"."""
    return ProgramRuler(nlp, name, overwrite_ents=overwrite_ents, lexicon=lexicon)


class Attribution:
    """Entities, roles, program owners and statements with resolved speakers (see `annotate`).

    Needs a tagger, lemmatizer, parser and NER before it.
    """

    def __init__(self, name: str, *, lexicon: str, errors: ErrorMode, budget: float = DEFAULT_BUDGET) -> None:
        if errors not in ("raise", "record"):
            raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
        self.name = name
        self.lexicon_path = lexicon
        self.errors = errors
        self.budget: float | None = budget  # seconds of rule time per Doc; None or <= 0: no limit
        self.lex: Lexicon | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None,
                   lexicon: str | None = None) -> None:
        """Read the word lists (`lexicon`: a folder with the files of `resources/`)."""
        self.lex = default_lexicon(lexicon or self.lexicon_path or None)

    def __call__(self, doc: Doc) -> Doc:
        if self.lex is None:
            self.initialize()
        assert self.lex is not None
        budget = self.budget if self.budget is not None and self.budget > 0 else None
        try:
            with deadline_scope(Deadline(budget)):
                result = annotate(doc, self.lex)
        except ExtractionTimeout as e:
            if self.errors == "raise":
                raise
            log.info("%s: %s on a document of %d characters; it is reported as failed", self.name, e, len(doc.text))
            doc._.gb_error = str(e)
            return doc
        except Exception as e:
            if self.errors == "raise":
                raise
            log.warning("%s: the rules failed on a document (%s: %s); it is reported as failed", self.name,
                        type(e).__name__, e, exc_info=log.isEnabledFor(logging.DEBUG))
            doc._.gb_error = f"rule error: {type(e).__name__}: {e}"
            return doc
        doc._.gb_mentions = result["mentions"]
        doc._.gb_roles = result["roles"]
        doc._.gb_programs = result["programs"]
        doc._.gb_statements = result["statements"]
        doc._.gb_notes = result["notes"]
        return doc


@Language.factory(
    "graphbuild_attribution",
    default_config={"lexicon": "", "errors": "raise", "budget": DEFAULT_BUDGET},
    requires=["token.dep", "token.head", "token.pos", "token.lemma", "doc.ents", "doc.sents"],
    assigns=[f"doc._.{n}" for n in EXTENSIONS],
)
def make_attribution(nlp: Language, name: str, lexicon: str, errors: ErrorMode, budget: float) -> Attribution:
    """The attribution component (see `Attribution`); add it last."""
    return Attribution(name, lexicon=lexicon, errors=errors, budget=budget)
