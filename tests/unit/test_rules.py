"""The rules on hand-built Docs (words, heads, dependencies, POS, entities given): no model,
so each test shows the parse a rule needs and runs in milliseconds."""

from __future__ import annotations

import shutil
from importlib import resources

import pytest
import spacy

from graphbuild.extract.annotate import annotate
from graphbuild.extract.components import Attribution
from graphbuild.extract.entities import find_entities
from graphbuild.extract.lexicon import Lexicon, default_lexicon
from graphbuild.extract.roles import find_roles
from graphbuild.extract.syntax import OWNER_CLIMB, sentence_ends, subject_of

from .docs import parsed

LEX = default_lexicon()

SAID_THAT = [  # Ana Ruiz said the talks had failed.
    ("Ana", 1, "compound", "PROPN"), ("Ruiz", 2, "nsubj", "PROPN"), ("said", 2, "ROOT", "VERB", "say"),
    ("the", 4, "det", "DET"), ("talks", 6, "nsubj", "NOUN", "talk"), ("had", 6, "aux", "AUX", "have"),
    ("failed", 2, "ccomp", "VERB", "fail"), (".", 2, "punct", "PUNCT"),
]
SPOKE = [  # Ana Ruiz spoke on Monday.
    ("Ana", 1, "compound", "PROPN"), ("Ruiz", 2, "nsubj", "PROPN"), ("spoke", 2, "ROOT", "VERB", "speak"),
    ("on", 2, "prep", "ADP"), ("Monday", 3, "pobj", "PROPN"), (".", 2, "punct", "PUNCT"),
]
QUOTE_SHE_SAID = [  # “We are ready,” she said.
    ("“", 2, "punct", "PUNCT"), ("We", 2, "nsubj", "PRON", "we"), ("are", 7, "ccomp", "AUX", "be"), ("ready", 2, "acomp", "ADJ"),
    (",", 2, "punct", "PUNCT"), ("”", 7, "punct", "PUNCT"), ("she", 7, "nsubj", "PRON"), ("said", 7, "ROOT", "VERB", "say"),
    (".", 7, "punct", "PUNCT"),
]


def _statements(doc, lex: Lexicon = LEX) -> list[dict]:
    return [dict(s) for s in annotate(doc, lex)["statements"]]


def _text(doc, st) -> str:
    return " … ".join(doc.text[a:b] for a, b in st["content"])


def test_indirect_speech_with_a_clausal_complement() -> None:
    doc = parsed(SAID_THAT, ents=[("Ana Ruiz", "PERSON")])
    (st,) = _statements(doc)
    assert (st["kind"], st["cue"], st["speaker_name"], _text(doc, st)) == ("indirect", "said", "Ana Ruiz", "the talks had failed")


def test_a_negated_verb_of_saying_is_no_statement() -> None:
    words = [("Ana", 1, "compound", "PROPN"), ("Ruiz", 4, "nsubj", "PROPN"), ("did", 4, "aux", "AUX", "do"),
             ("not", 4, "neg", "PART"), ("say", 4, "ROOT", "VERB", "say"), ("the", 6, "det", "DET"),
             ("talks", 8, "nsubj", "NOUN", "talk"), ("had", 8, "aux", "AUX", "have"), ("failed", 4, "ccomp", "VERB", "fail"),
             (".", 4, "punct", "PUNCT")]
    assert _statements(parsed(words, ents=[("Ana Ruiz", "PERSON")])) == []


def test_direct_quote_with_a_pronoun_resolved_to_the_last_subject() -> None:
    doc = parsed(SPOKE, QUOTE_SHE_SAID, ents=[("Ana Ruiz", "PERSON"), ("Monday", "DATE")])
    (st,) = _statements(doc)
    assert (st["kind"], st["cue"], _text(doc, st)) == ("direct", "said", "We are ready")
    assert (st["speaker_name"], st["speaker_kind"], st["speaker_text"]) == ("Ana Ruiz", "pronoun", "she")


def test_a_pronoun_with_nobody_to_refer_to_stays_unresolved() -> None:
    (st,) = _statements(parsed(QUOTE_SHE_SAID))
    assert st["speaker_name"] is None and st["speaker_text"] == "she" and st["confidence"] <= 0.4


def test_according_to_attributes_the_rest_of_the_sentence() -> None:
    doc = parsed([("According", 7, "prep", "VERB", "accord"), ("to", 0, "prep", "ADP"), ("Ruiz", 1, "pobj", "PROPN"),
                  (",", 7, "punct", "PUNCT"), ("the", 5, "det", "DET"), ("bank", 7, "nsubj", "NOUN"), ("will", 7, "aux", "AUX"),
                  ("cut", 7, "ROOT", "VERB"), ("rates", 7, "dobj", "NOUN", "rate"), (".", 7, "punct", "PUNCT")],
                 ents=[("Ruiz", "PERSON")])
    (st,) = _statements(doc)
    assert (st["kind"], st["cue"], st["speaker_name"], _text(doc, st)) == ("indirect", "according to", "Ruiz", "the bank will cut rates")


def test_a_parenthetical_cue_attributes_the_sentence_around_it() -> None:
    doc = parsed([("The", 1, "det", "DET"), ("bank", 7, "nsubj", "NOUN"), (",", 4, "punct", "PUNCT"), ("Ruiz", 4, "nsubj", "PROPN"),
                  ("said", 7, "parataxis", "VERB", "say"), (",", 4, "punct", "PUNCT"), ("would", 7, "aux", "AUX"),
                  ("cut", 7, "ROOT", "VERB"), ("rates", 7, "dobj", "NOUN", "rate"), (".", 7, "punct", "PUNCT")],
                 ents=[("Ruiz", "PERSON")])
    (st,) = _statements(doc)
    assert (st["kind"], st["speaker_name"], _text(doc, st)) == ("indirect", "Ruiz", "The bank … would cut rates")


def test_headline_name_colon() -> None:
    doc = parsed([("Marta", 1, "compound", "PROPN"), ("Quispe", 1, "ROOT", "PROPN"), (":", 1, "punct", "PUNCT"),
                  ("Chile", 5, "nsubj", "PROPN"), ("must", 5, "aux", "AUX"), ("cut", 1, "appos", "VERB"),
                  ("its", 7, "poss", "PRON"), ("debt", 5, "dobj", "NOUN")],
                 ents=[("Marta Quispe", "PERSON"), ("Chile", "GPE")])
    (st,) = _statements(doc)
    assert (st["kind"], st["cue"], st["speaker_name"], _text(doc, st)) == ("indirect", ":", "Marta Quispe", "Chile must cut its debt")


def test_role_before_a_name_with_its_country() -> None:
    doc = parsed([("Chilean", 3, "amod", "ADJ"), ("Finance", 2, "compound", "PROPN"), ("Minister", 4, "compound", "PROPN"),
                  ("Ana", 4, "compound", "PROPN"), ("Ruiz", 5, "nsubj", "PROPN"), ("arrived", 5, "ROOT", "VERB", "arrive"),
                  (".", 5, "punct", "PUNCT")],
                 ents=[("Chilean", "NORP"), ("Ana Ruiz", "PERSON")])
    mentions = find_entities(doc, LEX)
    assert [(m.label, m.name, m.kind) for m in mentions] == [("Country", "Chile", "demonym"), ("Person", "Ana Ruiz", "name")]
    (role,) = find_roles(doc, LEX, mentions)
    assert (role.person, role.title, role.target_label, role.target) == ("Ana Ruiz", "Finance Minister", "Country", "Chile")


def test_entity_corrections() -> None:
    doc = parsed([("The", 1, "det", "DET"), ("Moon", 2, "nsubj", "PROPN"), ("rose", 2, "ROOT", "VERB", "rise"),
                  ("over", 2, "prep", "ADP"), ("Kemal", 5, "compound", "PROPN"), ("Arslan", 3, "pobj", "PROPN"), (".", 2, "punct", "PUNCT")],
                 ents=[("Moon", "PERSON"), ("Kemal Arslan", "ORG")])
    assert [(m.label, m.name) for m in find_entities(doc, LEX)] == [("Person", "Kemal Arslan")]


def test_subject_climbs_clause_links() -> None:
    doc = parsed([("Japan", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say"), ("it", 4, "nsubj", "PRON"),
                  ("would", 4, "aux", "AUX"), ("expand", 1, "ccomp", "VERB")])
    assert subject_of(doc[4]).text == "it"
    no_subject = parsed([("Japan", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say"), ("to", 3, "aux", "PART"),
                         ("expand", 1, "ccomp", "VERB")])
    assert subject_of(no_subject[3]) is None
    assert subject_of(no_subject[3], climb=OWNER_CLIMB).text == "Japan"


def test_sentence_ends_skip_abbreviations_and_initials() -> None:
    assert sentence_ends("Gov. Ana J. Ruiz spoke. It ended! Done.", LEX.abbreviations) == [22, 32, 38]


def test_a_lexicon_of_your_own(tmp_path) -> None:
    folder = tmp_path / "lexicon"
    shutil.copytree(str(resources.files("graphbuild.extract").joinpath("resources")), folder)
    (folder / "reporting_verbs.txt").write_text("harrumph\n", encoding="utf-8")
    doc = parsed([(w if w != "said" else "harrumphed", h, d, p, *(("harrumph",) if w == "said" else rest))
                  for w, h, d, p, *rest in SAID_THAT], ents=[("Ana Ruiz", "PERSON")])
    assert _statements(doc) == []  # "harrumph" is not a verb of saying in the packaged lists
    (st,) = _statements(doc, Lexicon.load(folder))
    assert st["cue"] == "harrumphed" and st["speaker_name"] == "Ana Ruiz"


def test_rule_errors_raise_by_default_and_are_recorded_on_request(monkeypatch) -> None:
    from graphbuild.extract import components

    def broken(doc, lex):
        raise RuntimeError("boom")

    monkeypatch.setattr(components, "annotate", broken)
    doc = parsed(SAID_THAT)
    with pytest.raises(RuntimeError, match="boom"):
        Attribution("graphbuild_attribution", lexicon="", errors="raise")(doc)
    out = Attribution("graphbuild_attribution", lexicon="", errors="record")(parsed(SAID_THAT))
    assert out._.gb_error == "rule error: RuntimeError: boom"


def test_components_declare_what_they_need_and_set() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("graphbuild_paragraphs")
    nlp.add_pipe("graphbuild_programs")
    nlp.add_pipe("graphbuild_attribution")
    meta = nlp.get_pipe_meta("graphbuild_attribution")
    assert {"token.dep", "doc.ents"} <= set(meta.requires) and "doc._.gb_statements" in meta.assigns
    assert "token.is_sent_start" in nlp.get_pipe_meta("graphbuild_paragraphs").assigns
    assert "doc.ents" in nlp.get_pipe_meta("graphbuild_programs").assigns
    ruler_only = spacy.blank("en")
    ruler_only.add_pipe("graphbuild_programs")
    assert ruler_only("Tianzhou 6 docked.").ents[0].label_ == "PROGRAM"  # the ruler reads its names on first use
