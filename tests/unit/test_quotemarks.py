"""Quote marks paired paragraph by paragraph: continued quotes, stray marks, never an exception."""

from __future__ import annotations

import pytest

from graphbuild.extract.quotemarks import scan_quotes


def test_scan_quotes_without_a_model() -> None:
    groups, notes = scan_quotes("“A,” he said, “B.”\n“Open\n“continued.”\nA stray ” mark.\n“never closed")
    spans = [[(s.open, s.close) for s in g] for g in groups]
    assert spans[0] == [(0, 3)] and spans[1] == [(14, 17)]
    assert len(groups[2]) == 2  # continued across paragraphs
    assert len(notes) == 2


@pytest.mark.parametrize("text", ["“" * 50 + "”" * 3, "”" * 10, "\"a\" \"b", "''It is,'' he said.", "‘single’ only", ""])
def test_any_marks_are_paired_or_noted_never_raised(text) -> None:
    groups, notes = scan_quotes(text)
    for g in groups:
        assert all(0 <= s.open < s.close <= len(text) for s in g)
