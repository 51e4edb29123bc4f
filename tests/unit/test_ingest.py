"""Ingest: normalisation with offsets, furniture, titles, credits, formats and bad inputs."""

from __future__ import annotations

import json

import pytest

from graphbuild.ingest import article_from_html, article_from_text, iter_articles, load_file
from graphbuild.ingest.text import decode, normalise
from graphbuild.model import Article, Failure, IngestError

PAGE = """Support The Daily Orbit - Go Ad-Free!

Moon Deal Signed In Geneva

Ministers from both countries met on Friday.

“This changes everything,” the minister said.

Source: Planet Wire
Support The Daily Orbit - Go Ad-Free!

Our comment policy: be civil or be banned. Questions go to the editor, Jane Doe.
"""


def test_furniture_title_publisher_and_credit_are_recognised() -> None:
    a = article_from_text(PAGE, source="p.txt")
    assert a.title == "Moon Deal Signed In Geneva"
    assert a.outlet == "The Daily Orbit"
    assert a.republished_from == "Planet Wire"
    assert "Support The Daily Orbit - Go Ad-Free!" in a.boilerplate
    assert not any(line in a.text for line in ("Go Ad-Free", "comment policy", "Jane Doe", "Source:"))
    assert "This changes everything" in a.text


def test_offsets_map_back_to_the_text_the_user_gave() -> None:
    raw = "Header line\r\n\r\nThe\u00a0minister\u200b said\u00a0“yes”.\r\nMore text here.\r\n"
    a = article_from_text(raw, source="x")
    for word in ("minister", "said", "yes", "More"):
        i = a.text.index(word)
        j = a.source_offset(i)
        assert raw[j : j + len(word)] == word


def test_unicode_spaces_become_spaces_and_quotes_are_kept() -> None:
    text, _ = normalise("a\u00a0b\u2009c “d” \"e\"")
    assert text == "a b c “d” \"e\""


def test_title_from_metadata_wins_over_first_line() -> None:
    a = article_from_text("First line\n\nBody text that is long enough.", source="x", title="Given")
    assert a.title == "Given"


def test_markdown_heading_marks_are_not_content() -> None:
    a = article_from_text("# Big Headline\n\nThe minister said it was done.", source="x.md")
    assert a.title == "Big Headline"
    assert not a.text.startswith("#")


def test_same_text_gives_same_id_and_url_wins() -> None:
    a = article_from_text("Same text here.", source="a")
    b = article_from_text("Same text here.", source="b")
    c = article_from_text("Same text here.", source="c", url="https://x.org/1")
    assert a.id == b.id != c.id


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01\x02binary\x00junk" * 10, "binary"),
        ("café".encode("latin-1") + b" and more text", "not UTF-8"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        decode(data)


def test_utf16_with_bom_is_read() -> None:
    assert decode("Grüße".encode("utf-16")) == "Grüße"


def test_too_large_is_refused() -> None:
    with pytest.raises(IngestError, match="too large"):
        decode(b"x" * 101, max_bytes=100)


def test_only_furniture_is_an_error() -> None:
    with pytest.raises(IngestError, match="no article text"):
        article_from_text("Support Us - Go Ad-Free!\nAll rights reserved.", source="x")


def test_jsonl_records_and_bad_lines(tmp_path) -> None:
    p = tmp_path / "feed.jsonl"
    good = {"id": "n1", "title": "T", "text": "Headline\n\nThe minister said so.", "published": "2024-01-02", "outlet": "Wire"}
    p.write_text(json.dumps(good) + "\n{not json}\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    out = list(load_file(p))
    assert isinstance(out[0], Article) and out[0].outlet == "Wire" and out[0].published == "2024-01-02"
    assert isinstance(out[1], Failure) and out[1].source.endswith("#2") and "invalid JSON" in out[1].error
    assert isinstance(out[2], Failure) and "no 'text'" in out[2].error


def test_html_page_via_trafilatura_drops_navigation() -> None:
    html = """<html><head><title>X</title><meta property="og:site_name" content="Ledger"></head><body>
    <nav>Home | World | Subscribe</nav><article><h1>Rover Deal</h1>
    <p>The agency said on Monday that the rover would launch in 2028, after years of delays.</p>
    <p>“We are ready,” the director said at a news conference in the capital.</p></article>
    <footer>© 2024 Ledger. All rights reserved.</footer></body></html>"""
    a = article_from_html(html, source="p.html")
    assert a.title == "Rover Deal"
    assert a.outlet == "Ledger"
    assert "Home | World" not in a.text and "rover would launch" in a.text


def test_junk_html_is_a_clear_failure(tmp_path) -> None:
    p = tmp_path / "junk.html"
    p.write_text("<html><body><div><<<>>></div><script>var x=1;</script></body></html>", encoding="utf-8")
    (f,) = list(load_file(p))
    assert isinstance(f, Failure) and "no article text" in f.error


def test_folder_walk_reports_every_bad_file_and_keeps_going(tmp_path) -> None:
    (tmp_path / "good.txt").write_text("Headline\n\nThe minister said it.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society".encode("latin-1"))
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"ignored")
    out = list(iter_articles([tmp_path]))
    failures = {f.source.rsplit("/", 1)[-1]: f.error for f in out if isinstance(f, Failure)}
    assert set(failures) == {"empty.txt", "binary.txt", "latin1.txt"}
    assert "empty" in failures["empty.txt"] and "binary" in failures["binary.txt"] and "UTF-8" in failures["latin1.txt"]
    assert [a.title for a in out if isinstance(a, Article)] == ["Headline"]


def test_missing_file_is_a_failure_not_a_crash() -> None:
    (f,) = list(iter_articles(["/no/such/file.txt"]))
    assert isinstance(f, Failure) and "cannot read" in f.error


def test_huge_text_is_kept_whole(tmp_path) -> None:
    para = "The minister said the talks would continue next week in the capital. " * 20 + "\n\n"
    text = "Big File\n\n" + para * (5_000_000 // len(para) + 1)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    assert p.stat().st_size > 5_000_000
    (a,) = list(load_file(p))
    assert isinstance(a, Article)
    assert a.text.split() == text.split()  # every word kept (only line-end spaces trimmed)
