"""Golden test on the article the project started from (../shared/seed), with the real model.

Normal form (documented in the README): names are compared with `graphbuild.ids.normal_name`
(casefold, no leading "the", no possessive, hyphens and punctuation as spaces). A gold name
matches an extracted entity when its normal form equals the entity's canonical name, one of
its aliases, or the text of one of its mentions. A gold statement is found when an extracted
statement's text contains its `contains` fragment (whitespace-normalised); it is right when the
speaker's canonical name matches the gold speaker in that normal form.
"""

from __future__ import annotations

import json

import pytest

from graphbuild.model import normal_name

from ..conftest import SEED, needs_shared

pytestmark = [needs_shared, pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def gold():
    return json.loads((SEED / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed(nlp):
    from graphbuild.extract import extract
    from graphbuild.ingest import load_file

    (article,) = list(load_file(SEED / "russia_china_space.txt"))
    return extract(article, nlp)


def _forms(x, key):
    ent = next(e for e in x.entities if e.key == key)
    forms = {normal_name(ent.name)} | {normal_name(a) for a in ent.aliases}
    forms |= {normal_name(m.text) for m in x.mentions if m.entity == key}
    return forms


def _entity(x, name, label=None):
    n = normal_name(name)
    for e in x.entities:
        if (label is None or e.label == label) and n in _forms(x, e.key):
            return e
    return None


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_statements_have_the_right_canonical_speaker(seed, gold) -> None:
    found = 0
    for g in gold["quotes"]:
        hits = [s for s in seed.statements if _norm(g["contains"]) in _norm(s.text)]
        if not hits:
            continue
        s = hits[0]
        assert s.speaker_name is not None, f"unresolved speaker for {g['contains']!r}"
        assert normal_name(s.speaker_name) == normal_name(g["speaker"]), (g["contains"], s.speaker_name)
        found += 1
    assert found >= 9, f"only {found} of {len(gold['quotes'])} gold statements found"


def test_kinds_and_cues_match_the_gold(seed, gold) -> None:
    right = 0
    for g in gold["quotes"]:
        hits = [s for s in seed.statements if _norm(g["contains"]) in _norm(s.text)]
        if hits and hits[0].kind == g["kind"] and hits[0].cue == g["cue"]:
            right += 1
    assert right >= 9


def test_no_statement_has_a_wrong_pronoun_or_title_speaker(seed, gold) -> None:
    gold_speakers = {normal_name(g["speaker"]) for g in gold["quotes"]}
    pronouns = {"he", "she", "they", "it", "him", "her"}
    for s in seed.statements:
        assert s.speaker_name is not None, s.text
        n = normal_name(s.speaker_name)
        assert n not in pronouns
        assert n in gold_speakers, f"statement attributed to {s.speaker_name!r}: {s.text[:60]}"
        assert "premier" not in n and "minister" not in n


def test_speaker_mentions_as_written(seed, gold) -> None:
    for g in gold["quotes"]:
        if "speaker_mention" not in g:
            continue
        s = next(s for s in seed.statements if _norm(g["contains"]) in _norm(s.text))
        assert s.speaker_mention.lower() == g["speaker_mention"].lower()


def test_entities_by_label(seed, gold) -> None:
    for label, names in gold["entities"].items():
        for name in names:
            assert _entity(seed, name, label) is not None, f"{label} {name!r} not found"


def test_not_persons(seed, gold) -> None:
    for name in gold["not_persons"]:
        assert _entity(seed, name, "Person") is None, f"{name!r} extracted as a Person"


def test_aliases(seed, gold) -> None:
    for name, aliases in gold["aliases"].items():
        ent = _entity(seed, name)
        assert ent is not None
        forms = _forms(seed, ent.key)
        for a in aliases:
            assert normal_name(a) in forms, f"{a!r} not an alias/mention of {name}"


def test_roles(seed, gold) -> None:
    have = {(r.source, normal_name(r.title or ""), r.target) for r in seed.relations if r.type == "HOLDS_ROLE"}
    for g in gold["roles"]:
        person = _entity(seed, g["person"], "Person")
        target = _entity(seed, g["of"])
        assert person is not None and target is not None
        assert (person.key, normal_name(g["title"]), target.key) in have, g


def test_program_owners(seed, gold) -> None:
    have = {(r.source, r.target) for r in seed.relations if r.type == "RUN_BY"}
    for g in gold["programs_owned_by"]:
        prog = _entity(seed, g["program"], "Program")
        owner = _entity(seed, g["owner"])
        assert prog is not None and owner is not None
        assert (prog.key, owner.key) in have, g


def test_article_metadata_and_boilerplate(seed, gold) -> None:
    a = seed.article
    assert a.title == gold["article"]["title"]
    assert normal_name(a.outlet or "") == normal_name(gold["article"]["publisher"])
    assert normal_name(a.republished_from or "") == normal_name(gold["article"]["republished_from"])
    for line in gold["article"]["boilerplate_lines_not_content"]:
        assert line not in a.text
        assert any(line in b for b in a.boilerplate)
