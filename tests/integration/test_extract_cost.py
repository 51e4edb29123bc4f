"""Extraction cost on pathological text (issue 14), with the real model: the rules' work grows
linearly with the text whatever it is, and the time budget fails an article cleanly. No
wall-clock thresholds: work is counted (`graphbuild.extract.limits.WORK`)."""

from __future__ import annotations

import pytest

from graphbuild.extract import extract, extract_stream
from graphbuild.extract.components import Attribution
from graphbuild.extract.limits import DEFAULT_BUDGET, MAX_SENT_TOKENS, WORK, ExtractionTimeout
from graphbuild.ingest import article_from_text
from graphbuild.model import Extraction, Failure

from ..conftest import EXAMPLES

pytestmark = pytest.mark.model

# One line, no sentence end: every "said" a candidate cue whose clause, unbounded, was the rest of the text.
CUE_DENSE = "word said that x "
QUOTE_DENSE = '"we will win" said Ruiz and '


def _dense(unit: str, kb: int) -> str:
    return unit * (kb * 1024 // len(unit))


def _work(nlp, text: str) -> tuple[dict[str, int], Extraction]:
    WORK.clear()
    x = extract(article_from_text(text, source="dense"), nlp)
    return dict(WORK), x


@pytest.mark.parametrize("unit", [CUE_DENSE, QUOTE_DENSE], ids=["said-that", "quotes"])
def test_work_on_dense_text_grows_linearly(nlp, unit) -> None:
    """20 KB and 80 KB of the same dense line: each counter of the rules' work (clause tokens
    read per cue, candidate cues, statement-overlap lookups, tokens split) grows about 4 times,
    not 16; the 80 KB extraction completes with bounded evidence."""
    small, _ = _work(nlp, _dense(unit, 20))
    big, x = _work(nlp, _dense(unit, 80))
    assert {"cues", "span_index", "split_tokens"} <= set(big), big
    for key, n in big.items():
        assert n <= 5 * max(small.get(key, 0), 1), (key, small.get(key), n)  # linear: x4 (+25 % slack)
    assert x.statements
    assert max(len(s.evidence) for s in x.statements) < 4000  # a sentence, not the whole line


def test_no_sentence_is_longer_than_the_bound(nlp) -> None:
    """A line with no sentence end is parsed in sentences of at most MAX_SENT_TOKENS tokens, cut
    between words; ordinary sentences are left as they are."""
    doc = nlp(_dense(CUE_DENSE, 20))
    lengths = [len(s) for s in doc.sents]
    assert len(lengths) > 1 and max(lengths) <= MAX_SENT_TOKENS
    assert all(s[0].idx == 0 or doc.text[s[0].idx - 1] == " " for s in doc.sents)
    news = (EXAMPLES / "india_japan_lunar_rover.txt").read_text(encoding="utf-8")
    with nlp.select_pipes(disable=["graphbuild_attribution"]):
        plain = [s.text for s in nlp(news).sents]
    assert max(len(s.split()) for s in plain) < MAX_SENT_TOKENS // 2


def test_time_budget_fails_the_article_cleanly_and_the_run_goes_on(nlp) -> None:
    news = (EXAMPLES / "india_japan_lunar_rover.txt").read_text(encoding="utf-8")
    with pytest.raises(ExtractionTimeout, match=r"^extraction exceeded 0\.001 s$"):
        extract(article_from_text(news, source="news"), nlp, budget=0.001)
    # In a stream: a Failure for that article (its later windows are not run), and the next one still comes.
    items = [article_from_text(news * 20, source="long"), article_from_text(news, source="next")]
    outs = list(extract_stream(items, nlp, budget=0.001, window=20_000))
    assert [o.article.source if isinstance(o, Extraction) else o.source for o in outs] == ["long", "next"]
    assert isinstance(outs[0], Failure) and outs[0].stage == "extract" and outs[0].error == "extraction exceeded 0.001 s"
    # The budget was the stream's: the component has its own again, and a normal budget passes.
    assert all(c.budget == DEFAULT_BUDGET for _, c in nlp.pipeline if isinstance(c, Attribution))
    assert extract(article_from_text(news, source="news"), nlp).statements
