"""The bounds on extraction cost (issue 14), without the model: long runs are split where a
sentence or clause ends, the indexes answer as the linear scans they replace, the deadline."""

from __future__ import annotations

import random
import re

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from graphbuild.extract.limits import Deadline, ExtractionTimeout, split_long_runs
from graphbuild.extract.speakers import Ranges
from graphbuild.extract.statements.context import SpanIndex
from graphbuild.extract.syntax import sentence_ends
from graphbuild.model import ExtractionError


def _starts(doc: Doc) -> list[int]:
    return [t.i for t in doc if t.i and t.is_sent_start]


def test_a_long_run_is_cut_at_its_last_likely_sentence_end() -> None:
    words = ["w"] * 10 + ["."] + ["The"] + ["w"] * 5 + [","] + ["w"] * 10
    doc = Doc(Vocab(), words=words, spaces=[w not in {".", ","} for w in words][1:] + [False])
    assert split_long_runs(doc, 16) >= 1
    assert _starts(doc)[0] == 11  # after "." before "The", not at token 16
    assert max(b - a for a, b in zip([0, *_starts(doc)], [*_starts(doc), len(doc)], strict=True)) <= 16


def test_a_run_without_sentence_end_is_cut_after_a_clause_mark_else_between_words() -> None:
    words = ["w"] * 9 + [";"] + ["w"] * 10
    doc = Doc(Vocab(), words=words)
    split_long_runs(doc, 12)
    assert _starts(doc)[0] == 10
    doc = Doc(Vocab(), words=["w"] * 50)
    split_long_runs(doc, 12)
    assert all(b - a <= 12 for a, b in zip([0, *_starts(doc)], [*_starts(doc), 50], strict=True))


def test_sentence_starts_already_set_are_kept_and_reset_the_count() -> None:
    doc = Doc(Vocab(), words=["w"] * 30)
    doc[10].is_sent_start = True
    doc[20].is_sent_start = True
    assert split_long_runs(doc, 12) == 0
    assert _starts(doc) == [10, 20]


def test_span_index_answers_as_the_scan_it_replaces() -> None:
    rng = random.Random(14)
    for _ in range(30):
        ranges = [(x, x + rng.randint(1, 900)) for x in (rng.randint(0, 5000) for _ in range(rng.randint(0, 20)))]
        ix = SpanIndex()
        for x, y in ranges:
            ix.add(x, y, None)
        for _ in range(200):
            a = rng.randint(0, 6000)
            b = a + rng.randint(-3, 500)
            assert ix.overlaps(a, b) == any(not (b <= x or a >= y) for x, y in ranges), (a, b, ranges)
            assert ix.contains(a) == any(x <= a < y for x, y in ranges)
            r = Ranges(ranges)
            assert r.strictly_inside(a) == any(x < a < y for x, y in ranges)


def test_span_index_remove_and_exclude() -> None:
    ix, owner = SpanIndex(), object()
    ix.add(0, 1000, owner)
    assert ix.overlaps(500, 501) and not ix.overlaps(500, 501, exclude=owner)
    ix.remove(0, 1000, owner)
    assert not ix.overlaps(0, 2000)


def _sentence_ends_scan(s: str, abbreviations: set[str]) -> list[int]:
    """The former quadratic `sentence_ends` (the word before each mark searched from the start)."""
    out = []
    for m in re.finditer(r"[.!?](?=\s)", s + " "):
        if m.start() >= len(s):
            break
        word = re.search(r"([\w.]*)$", s[: m.start()])
        w = word.group(1).lower() if word else ""
        if s[m.start()] == "." and (w in abbreviations or (len(w) == 1 and w.isalpha())):
            continue
        out.append(m.start())
    return out


def test_sentence_ends_reads_a_bounded_word_and_finds_the_same_ends() -> None:
    rng = random.Random(3)
    abbr = {"mr", "gov", "sen"}
    for _ in range(300):
        s = "".join(rng.choice(["Mr", ". ", "a", "x" * 70, " ", "!", "?", "Gov", ".", "b.c", "\n"]) for _ in range(rng.randint(0, 40)))
        assert sentence_ends(s, abbr) == _sentence_ends_scan(s, abbr), s


def test_deadline() -> None:
    Deadline(None).check()
    Deadline(60).check()
    with pytest.raises(ExtractionTimeout, match=r"^extraction exceeded 0\.5 s$") as e:
        Deadline(0.5, spent=1.0).check()
    assert isinstance(e.value, ExtractionError) and e.value.budget == 0.5
    assert ExtractionTimeout.describes("extraction exceeded 60 s") and not ExtractionTimeout.describes("rule error: x")
    assert ExtractionTimeout.from_message("extraction exceeded 60 s").budget == 60
