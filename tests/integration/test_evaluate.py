"""The PolNeAR scorer on hand-made spans, and a regression floor on a fixed slice of dev."""

from __future__ import annotations

import json

import pytest

from graphbuild.eval import Accumulator, Attribution, match, read_ann, score, speaker_right

from ..conftest import POLNEAR, ROOT, needs_shared

TEXT = 'Officials said the plan "will work." He added that the vote was delayed, Lima said.'


def test_exact_jaccard_and_overlap_rules() -> None:
    gold = [[(0, 10)], [(20, 40)]]
    assert score(gold, [[(0, 10)]], "exact") == (1, 1, 2)
    assert score(gold, [[(0, 9)]], "exact") == (0, 1, 2)
    assert score(gold, [[(0, 9)]], "j50") == (1, 1, 2)
    assert score(gold, [[(0, 4)]], "j50") == (0, 1, 2)  # 4/10 < 0.5
    assert score(gold, [[(0, 4)]], "overlap") == (1, 1, 2)
    assert score(gold, [[(50, 60)]], "overlap") == (0, 1, 2)


def test_matching_is_one_to_one_and_prefers_the_best_pair() -> None:
    gold = [{*range(0, 10)}, {*range(0, 12)}]
    pred = [{*range(0, 10)}]
    assert match(gold, pred, "overlap") == [(0, 0)]
    assert len(match([{*range(0, 10)}], [{*range(0, 10)}, {*range(0, 10)}], "exact")) == 1


def test_exact_ignores_surrounding_punctuation_and_quote_marks() -> None:
    a = TEXT.index('"will')
    g = Attribution(content=[(a, a + len('"will work."'))])
    p = Attribution(content=[(a + 1, a + len('"will work'))])
    assert g.chars(TEXT) == p.chars(TEXT)


def test_speech_cues_in_any_form_and_speakers_at_the_name_level() -> None:
    from graphbuild.eval.scoring import _speech_cue, gold_referent, name_right

    assert _speech_cue("noted") and _speech_cue("announced") and _speech_cue("told") and not _speech_cue("not")
    he = Attribution(content=[(20, 30)], source=(0, 2), source_text="He")
    refs = {("art", 0, 2): "Paulo Lima"}
    assert gold_referent("art", he, refs) == ("paulo", "lima")
    assert name_right(gold_referent("art", he, refs), Attribution(content=[(20, 30)], speaker="Paulo Lima"))
    assert not name_right(gold_referent("art", he, refs), Attribution(content=[(20, 30)], speaker="Ana Lima"))
    assert not name_right(gold_referent("art", he, refs), Attribution(content=[(20, 30)]))  # unresolved is wrong
    named = Attribution(content=[(20, 30)], source=(0, 20), source_text="Finance Minister Paulo Lima")
    assert name_right(gold_referent("art", named, {}), Attribution(content=[(20, 30)], speaker="Paulo Lima"))
    nobody = Attribution(content=[(20, 30)], source=(0, 9), source_text="officials")
    assert gold_referent("art", nobody, {("art", 0, 9): "-"}) == ()
    assert name_right((), Attribution(content=[(20, 30)])) and not name_right((), Attribution(content=[(20, 30)], speaker="X"))


def test_speaker_rules() -> None:
    g = Attribution(content=[(0, 1)], source=(0, 9), source_text="Officials")
    assert speaker_right(g, Attribution(content=[(0, 1)], source=(0, 9)))
    assert speaker_right(g, Attribution(content=[(0, 1)], source=(50, 52), speaker="Senior Officials"))
    assert not speaker_right(g, Attribution(content=[(0, 1)], source=(50, 52), speaker="Paulo Lima"))
    no_source = Attribution(content=[(0, 1)])
    assert speaker_right(no_source, Attribution(content=[(0, 1)]))
    assert not speaker_right(no_source, Attribution(content=[(0, 1)], source=(3, 4), speaker="X"))


def test_slices_and_pronoun_share() -> None:
    q = TEXT.index('"will')
    gold = [Attribution(content=[(q, q + 12)], cue="said", text='"will work."', source=(0, 9), source_text="Officials"),
            Attribution(content=[(49, 71)], cue="thinks", text="the vote was delayed", source=(37, 39), source_text="He")]
    pred = [Attribution(content=[(q + 1, q + 10)], cue="said", text="will work", source=(0, 9)),
            Attribution(content=[(49, 71)], cue="added", text="the vote was delayed", mention="he")]
    acc = Accumulator()
    acc.add(TEXT, gold, pred)
    r = {(s.slice, s.rule): s for s in acc.result("x", 1.0).scores}
    assert (r[("quoted", "j50")].recall, r[("quoted", "j50")].precision) == (100.0, 100.0)
    assert r[("speech", "j50")].gold == 1 and r[("speech", "j50")].predicted == 2
    assert r[("all", "exact")].matched == 2
    res = acc.result("x", 1.0)
    assert res.unresolved_pronoun_share == 50.0 and res.speaker_accuracy == 50.0


def test_read_ann(tmp_path) -> None:
    p = tmp_path / "a_1.ann"
    p.write_text(
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 20;25 30\tthe p will\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n#1\tAnnotatorNotes T1\tx\n",
        encoding="utf-8",
    )
    (a,) = read_ann(p)
    assert a.content == [(15, 20), (25, 30)] and a.source == (0, 9) and a.cue == "said"


def test_read_ann_span_text_over_a_line_break(tmp_path) -> None:
    """brat writes a discontinuous span's text with its newline: the next line is not a record."""
    p = tmp_path / "a_1.ann"
    p.write_text(
        "T1\tSource 0 9\tThe Paper\nT2\tCue 10 18\treported\nT3\tContent 20 22;24 40\t3.\n\nThe number of\n"
        "T4\tAttribution 10 18\treported\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    (a,) = read_ann(p)
    assert a.content == [(20, 22), (24, 40)] and a.cue == "reported" and a.source == (0, 9)


@needs_shared
@pytest.mark.model
@pytest.mark.shared
def test_quality_does_not_fall_on_a_fixed_slice_of_dev(tmp_path) -> None:
    """Floors just below what graphbuild reached on the first 12 dev articles (see docs/EVALUATION.md)."""
    from graphbuild.eval import evaluate_polnear

    preds = tmp_path / "p.jsonl"
    with preds.open("w", encoding="utf-8") as f:
        report = evaluate_polnear(POLNEAR, "dev", limit=12, baseline=False, predictions=lambda d: f.write(json.dumps(d) + "\n"),
                                  referents=ROOT / "bench" / "gold" / "sources_dev.tsv")
    (gb,) = report.systems
    f1 = {(s.slice, s.rule): s.f1 for s in gb.scores}
    assert f1[("quoted", "j50")] >= 76
    assert f1[("speech", "j50")] >= 81
    assert f1[("quoted", "exact")] >= 56
    assert gb.speaker_accuracy >= 93
    assert gb.name_derived == gb.speaker_matched  # every matched gold source has a known referent
    assert gb.name_accuracy >= 80  # name level: 82.8 on this slice (86.0 on all of dev)
    assert gb.unresolved_pronoun_share < 3.0
    lines = [json.loads(x) for x in preds.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == gb.statements and {"article", "content", "source", "speaker"} <= set(lines[0])
    text = (POLNEAR / "dev" / "text" / f"{lines[0]['article']}.txt").read_text(encoding="utf-8")
    a, b = lines[0]["content"][0]
    assert 0 <= a < b <= len(text)


@pytest.mark.model
def test_own_gold_in_other_styles_holds_its_floors() -> None:
    """The team's gold in six styles PolNeAR lacks (bench/gold/styles, in the repo): floors just
    below the figures in docs/EVALUATION.md, per style and overall."""
    from graphbuild.eval.styles import evaluate_styles, read_styles

    arts = list(read_styles(ROOT / "bench" / "gold" / "styles"))
    assert len(arts) >= 12 and {a.style for a in arts} == {"wire", "press", "interview", "oped", "transcript", "feature"}
    report = evaluate_styles(ROOT / "bench" / "gold" / "styles")
    j50 = {k: next(s for s in sy.scores if (s.slice, s.rule) == ("all", "j50")) for k, sy in report.styles.items()}
    overall = next(s for s in report.overall.scores if (s.slice, s.rule) == ("all", "j50"))
    assert overall.f1 >= 76 and overall.precision >= 92
    assert report.overall.name_accuracy >= 80
    assert min(s.f1 for s in j50.values()) >= 65, {k: s.f1 for k, s in j50.items()}
    assert report.styles["transcript"].name_accuracy >= 95  # "SEN. HARTLEY:" is David Hartley
