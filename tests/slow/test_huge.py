"""The slow tier (`make test-slow`): a 5 MB article through every window, end to end."""

from __future__ import annotations

from graphbuild.pipeline import build
from graphbuild.store import NetworkXStore

from ..conftest import EXAMPLES


def test_five_megabyte_article_is_built_whole_in_windows(tmp_path, nlp) -> None:
    """A 5 MB text goes through every window: statements from its start, middle and end arrive."""
    body = (EXAMPLES / "india_japan_lunar_rover.txt").read_text(encoding="utf-8").split("\n\n")[2:-3]
    block = "\n\n".join(body) + "\n\n"
    parts = ["Huge Archive\n\n"]
    size, i = 0, 0
    while size < 5_000_000:
        marker = f"Ruiz said that shipment number {i} had arrived in Valparaiso.\n\n"
        parts += [block, marker]
        size += len(block) + len(marker)
        i += 1
    src = tmp_path / "huge.txt"
    src.write_text("Finance Minister Ana Ruiz of Chile opened the archive.\n\n" + "".join(parts), encoding="utf-8")
    assert src.stat().st_size > 5_000_000
    p = tmp_path / "g.json"
    report = build([src], p, nlp=nlp, workers=2)
    assert report.ok and report.articles == 1
    g = NetworkXStore(p)
    texts = {q["text"] for q in g.nodes("Quote")}
    for n in (0, i // 2, i - 1):
        assert f"shipment number {n} had arrived in Valparaiso" in texts
