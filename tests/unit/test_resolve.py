"""Cross-article entity resolution (graphbuild.resolve) on hand-made entity lists: variants
merge, ambiguous names stay apart and point to their candidates, curation wins, the answer does
not depend on input order."""

from __future__ import annotations

import random

from graphbuild.model import EntityInfo, normal_name
from graphbuild.resolve import entity_infos, resolve


def _e(key: str, articles: int = 1, aliases: tuple[str, ...] = ()) -> EntityInfo:
    name = key.split(":", 1)[1].title()
    return EntityInfo(key, name, tuple(sorted({normal_name(name), *aliases})), articles)


def _links(*ents: EntityInfo, **kw) -> dict[tuple[str, str], str]:
    return {(e.src, e.dst): e.type for e in resolve(ents, **kw)}


def test_a_surname_joins_the_only_full_name_with_it() -> None:
    assert _links(_e("Person:ana ruiz", 3), _e("Person:ruiz")) == {("Person:ruiz", "Person:ana ruiz"): "SAME_AS"}


def test_middle_names_initials_and_epithets_join_the_plain_name() -> None:
    links = _links(_e("Person:donald trump", 50), _e("Person:donald j trump", 9), _e("Person:billionaire donald trump"),
                   _e("Person:hillary clinton", 40), _e("Person:hillary rodham clinton", 3), _e("Person:trump", 5))
    assert links == {
        ("Person:donald j trump", "Person:donald trump"): "SAME_AS",
        ("Person:billionaire donald trump", "Person:donald trump"): "SAME_AS",
        ("Person:hillary rodham clinton", "Person:hillary clinton"): "SAME_AS",
        ("Person:trump", "Person:donald trump"): "SAME_AS",
    }


def test_a_surname_two_people_share_is_never_guessed() -> None:
    links = _links(_e("Person:hillary clinton", 40), _e("Person:bill clinton", 12), _e("Person:clinton", 7))
    assert links == {("Person:clinton", "Person:hillary clinton"): "POSSIBLY_SAME",
                     ("Person:clinton", "Person:bill clinton"): "POSSIBLY_SAME"}
    evidence = [e.props["evidence"] for e in resolve([_e("Person:hillary clinton", 40), _e("Person:bill clinton", 12), _e("Person:clinton")])]
    assert all("2 entities with surname 'clinton'" in ev for ev in evidence)


def test_a_dominant_bearer_takes_the_surname() -> None:
    links = _links(_e("Person:barack obama", 60), _e("Person:michelle obama", 4), _e("Person:obama", 20))
    assert links == {("Person:obama", "Person:barack obama"): "SAME_AS"}
    # Not dominant enough (60 vs 12 > 1/10): ambiguous.
    links = _links(_e("Person:barack obama", 60), _e("Person:michelle obama", 12), _e("Person:obama", 20))
    assert set(links.values()) == {"POSSIBLY_SAME"}


def test_a_surname_that_is_a_given_name_is_only_a_candidate() -> None:
    links = _links(_e("Person:lebron james", 9), _e("Person:james"), given_names={"james"})
    assert links == {("Person:james", "Person:lebron james"): "POSSIBLY_SAME"}


def test_different_middle_initials_make_the_short_form_ambiguous() -> None:
    links = _links(_e("Person:george w bush", 9), _e("Person:george h w bush", 5), _e("Person:george bush", 2))
    assert "SAME_AS" not in links.values()
    assert links == {("Person:george bush", "Person:george w bush"): "POSSIBLY_SAME",
                     ("Person:george bush", "Person:george h w bush"): "POSSIBLY_SAME"}


def test_a_son_is_not_his_father() -> None:
    links = _links(_e("Person:donald trump", 50), _e("Person:donald trump jr", 5))
    assert links == {}


def test_a_rarer_longer_name_ending_in_a_name_is_a_surname_of_two_words() -> None:
    links = _links(_e("Person:bill de blasio", 6), _e("Person:de blasio", 2))
    assert links == {("Person:de blasio", "Person:bill de blasio"): "SAME_AS"}


def test_organisation_acronyms_and_aliases() -> None:
    links = _links(_e("Organization:democratic national committee", 8), _e("Organization:dnc", 10),
                   _e("Organization:federal bureau of investigation", 2, aliases=("fbi",)), _e("Organization:fbi", 30),
                   _e("Organization:nbc", 20), _e("Organization:national baptist convention", 1))
    assert links == {
        ("Organization:dnc", "Organization:democratic national committee"): "SAME_AS",
        ("Organization:fbi", "Organization:federal bureau of investigation"): "SAME_AS",
        ("Organization:nbc", "Organization:national baptist convention"): "POSSIBLY_SAME",
    }


def test_a_program_without_its_country_and_generic_head() -> None:
    links = _links(_e("Country:india", 5, aliases=("indian",)), _e("Program:chandrayaan", 3), _e("Program:indian chandrayaan program"))
    assert links == {("Program:indian chandrayaan program", "Program:chandrayaan"): "SAME_AS"}


def test_curation_keeps_apart_what_it_says() -> None:
    ents = (_e("Person:ana ruiz", 3), _e("Person:ruiz"))
    assert _links(*ents, keep_apart=[("Person:ruiz", "Person:ana ruiz")]) == {}


def test_links_do_not_depend_on_input_order() -> None:
    ents = [_e("Person:hillary clinton", 40), _e("Person:bill clinton", 12), _e("Person:clinton", 7), _e("Person:ted cruz", 30),
            _e("Person:cruz", 3), _e("Person:rafael cruz", 2), _e("Person:ted e cruz"), _e("Organization:dnc", 2),
            _e("Organization:democratic national committee", 2)]
    first = resolve(ents)
    for seed in range(5):
        random.Random(seed).shuffle(ents)
        assert resolve(ents) == first


def test_entity_infos_from_records_match_what_a_store_keeps() -> None:
    from graphbuild.model import Article, Entity, Extraction

    xs = [Extraction(article=Article(id=f"a{i}", source="s", title="T", text="T", content_hash="h"),
                     entities=[Entity(key="Person:ana ruiz", label="Person", name="Ana Ruiz", aliases=["Ruiz"] if i else [])])
          for i in range(2)]
    assert entity_infos(xs) == [EntityInfo("Person:ana ruiz", "Ana Ruiz", ("ana ruiz", "ruiz"), 2)]


# -- claims -------------------------------------------------------------------------------------
from graphbuild.model import ArticleInfo, StatementInfo, text_sketch  # noqa: E402
from graphbuild.resolve import claims, republications  # noqa: E402

SAID = "We will finish the new station by 2030, whatever the budget committee decides next year"


def _s(sid: str, text: str, article: str, published: str, speaker: str = "Person:ana ruiz") -> StatementInfo:
    return StatementInfo(sid, speaker, text, article, published)


def test_reposts_trims_and_changed_quote_marks_are_one_claim_first_seen_first() -> None:
    stmts = [
        _s("q3", "“We will finish the new station by 2030,” whatever the budget committee decides next year", "art_3", "2024-03-03"),
        _s("q1", SAID, "art_1", "2024-03-01"),
        _s("q2", "We will finish the new station by 2030", "art_2", "2024-03-02"),
        _s("q4", SAID.replace("next year", "in the autumn"), "art_4", "2024-03-04"),
    ]
    links = {e.src: (e.dst, e.props["change"]) for e in claims(stmts)}
    assert links == {"q2": ("q1", "trimmed"), "q3": ("q1", "identical"), "q4": ("q1", "altered")}
    four = next(e for e in claims(stmts) if e.src == "q4")
    assert (four.props["added"], four.props["removed"]) == ("in the autumn", "next year")


def test_a_paraphrase_another_speaker_and_a_stock_phrase_are_not_the_same_claim() -> None:
    stmts = [
        _s("q1", SAID, "art_1", "2024-03-01"),
        _s("q2", "The station will be completed in 2030 no matter what the committee decides", "art_2", "2024-03-02"),
        _s("q3", SAID, "art_3", "2024-03-03", speaker="Person:carlos mendes"),
        _s("q4", "I hope not", "art_4", "2024-03-04"), _s("q5", "I hope not", "art_5", "2024-03-05"),
    ]
    assert claims(stmts) == []


def test_a_variant_speaker_meets_its_entity() -> None:
    stmts = [_s("q1", SAID, "art_1", "2024-03-01"), _s("q2", SAID, "art_2", "2024-03-02", speaker="Person:ruiz")]
    assert claims(stmts) == []
    assert [(e.src, e.dst) for e in claims(stmts, {"Person:ruiz": "Person:ana ruiz"})] == [("q2", "q1")]


def test_a_republished_body_links_to_the_earliest_copy_and_a_different_story_does_not() -> None:
    body = " ".join(f"word{i}" for i in range(400))
    other = " ".join(f"other{i}" for i in range(400))
    arts = [ArticleInfo("art_b", text_sketch("Site furniture. " + body), "2024-01-03"), ArticleInfo("art_a", text_sketch(body), "2024-01-02"),
            ArticleInfo("art_c", text_sketch(body[: len(body) * 3 // 4]), "2024-01-04"), ArticleInfo("art_d", text_sketch(other), "2024-01-01")]
    assert {(e.src, e.dst) for e in republications(arts)} == {("art_b", "art_a"), ("art_c", "art_a")}
