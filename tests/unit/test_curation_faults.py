"""A curation file is typed by hand: every mistake is one ConfigError naming the file and entry,
never a crash, and never a rule that silently matches the whole corpus (docs/RELIABILITY.md)."""

from __future__ import annotations

import pytest

from graphbuild.curate import Curation, load_curation
from graphbuild.model import ConfigError


@pytest.mark.parametrize("text, said", [
    ('[[speaker]]\nquote = ""\nspeaker = "Person:Ana Ruiz"', "not empty"),        # in every statement
    ('[[speaker]]\nquote = "  !! "\nspeaker = "Person:Ana Ruiz"', "not empty"),    # no words either
    ('[[speaker]]\nquote = 5\nspeaker = ""', "give 'statement'"),
    ('[[speaker]]\nstatement = "q_1"\narticle = 3\nspeaker = ""', "'article' must be"),
    ('speaker = "Person:Ana Ruiz"', "'speaker' must be a list of [[speaker]] tables"),
    ('same_as = 3', "'same_as' must be a list"),
    ('[[aliases]]\nentity = "Person:Ana Ruiz"\nadd = "Ana"', "'add' must be a list"),
    ('[[same_as]]\nkeep = 7\nmerge = ["Person:Ruiz"]', "expected 'Label:Name'"),
])
def test_a_mistyped_curation_entry_is_one_clear_error(text, said) -> None:
    with pytest.raises(ConfigError, match=f"c.toml: .*{said.replace('[', '.').replace(']', '.')}"):
        Curation.parse(text, source="c.toml")


def test_a_curation_file_that_is_not_utf8_is_a_config_error(tmp_path) -> None:
    p = tmp_path / "c.toml"
    p.write_bytes(b'[[speaker]]\nquote = "\xff\xfe"\nspeaker = ""\n')
    with pytest.raises(ConfigError, match="not UTF-8 text .*save it as UTF-8"):
        load_curation(p)


def test_a_quote_with_words_still_reattributes() -> None:
    c = Curation.parse('[[speaker]]\nquote = "new projects"\nspeaker = ""', source="c.toml")
    assert c.speakers[0]["quote"] == "new projects"
