"""Unit-tier fixtures: a blank spaCy pipeline (no parser, so no statements: the pipeline's
bookkeeping in milliseconds) and folders of small articles."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def news_folder(tmp_path: Path, **files: str) -> Path:
    """A folder `news/` with the given files (name -> text)."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
