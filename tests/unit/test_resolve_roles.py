"""Titles across articles (`graphbuild.resolve.role_speakers`): which HOLDS_ROLE facts make a
statement by "the Chilean finance minister" the holder's, and when it stays unresolved."""

from __future__ import annotations

from graphbuild.model import RoleFact, RoleSpeaker
from graphbuild.resolve import role_speakers

CHILE = "Country:chile"
DATES = {"a1": "2024-03-01", "a2": "2024-03-02", "a3": "2024-03-03", "old": "2019-01-10"}


def _fact(person: str, *articles: str, target: str = CHILE, role: str = "Finance Minister", title: str = "Finance Minister") -> RoleFact:
    return RoleFact(f"Person:{person}", target, role, title, articles)


def _q(of: str | None = CHILE, names: tuple[str, ...] = (), date: str | None = "2024-03-05", role: str = "Finance Minister") -> RoleSpeaker:
    return RoleSpeaker("q_1", role, of, names, date)


def _who(speakers, facts, canonical=None) -> list[str]:
    return [e.dst for e in role_speakers(speakers, facts, DATES, canonical)]


def test_the_one_holder_of_the_role_of_that_country_is_the_speaker() -> None:
    assert _who([_q()], [_fact("ana ruiz", "a1")]) == ["Person:ana ruiz"]


def test_another_role_or_another_country_is_no_match() -> None:
    assert _who([_q()], [_fact("ana ruiz", "a1", target="Country:peru")]) == []
    assert _who([_q()], [_fact("ana ruiz", "a1", role="Finance Minister;deputy")]) == []


def test_a_title_naming_no_country_or_name_is_never_guessed() -> None:
    """"The finance minister said": however few finance ministers the graph knows."""
    assert _who([_q(of=None)], [_fact("ana ruiz", "a1")]) == []


def test_two_holders_with_like_support_leave_it_unresolved() -> None:
    assert _who([_q()], [_fact("ana ruiz", "a1"), _fact("pablo soto", "a2")]) == []


def test_a_dominant_holder_outweighs_a_stray_mention() -> None:
    facts = [_fact("ana ruiz", "a1", "a2", "a3"), _fact("pablo soto", "a1")]
    assert _who([_q()], facts) == []  # 3 articles against 1: not dominant (5x)
    many = {f"b{i}": "2024-03-01" for i in range(5)}
    DATES.update(many)
    assert _who([_q()], [_fact("ana ruiz", *many), _fact("pablo soto", "a1")]) == ["Person:ana ruiz"]


def test_variants_of_one_person_count_once() -> None:
    facts = [_fact("ana ruiz", "a1"), _fact("ruiz", "a2")]
    assert _who([_q()], facts, {"Person:ruiz": "Person:ana ruiz"}) == ["Person:ana ruiz"]


def test_a_role_stated_years_away_from_the_statement_says_nothing_of_it() -> None:
    assert _who([_q()], [_fact("old minister", "old")]) == []
    assert _who([_q(date=None)], [_fact("old minister", "old")]) == ["Person:old minister"]  # undated: any time


def test_other_names_in_the_description_must_be_in_the_title() -> None:
    facts = [_fact("ana ruiz", "a1", target="Country:united states", role="Governor", title="Ohio Governor")]
    assert _who([_q(of="Country:united states", names=("ohio",), role="Governor")], facts) == ["Person:ana ruiz"]
    assert _who([_q(of="Country:united states", names=("indiana",), role="Governor")], facts) == []
