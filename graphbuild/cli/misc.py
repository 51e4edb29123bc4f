"""graphbuild eval … and graphbuild schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..model import GraphbuildError
from ..model.schema import drift, write_schemas
from . import options as opt
from .render import dump, err, fail, out

if TYPE_CHECKING:
    from ..eval.scoring import SystemScore

eval_app = typer.Typer(help="Measure attribution accuracy on an annotated corpus.\n\nExample: graphbuild eval polnear ../shared/bench/polnear --split dev",
                       no_args_is_help=True)


@eval_app.command("polnear")
def eval_polnear(
    path: Annotated[Path, typer.Argument(help="PolNeAR root (with dev/ and train/ folders).")],
    split: Annotated[str, typer.Option("--split", help="Split to score: dev, train or test.")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Only the first N articles.")] = None,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="Write every predicted statement as JSON Lines here.")] = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Also score textacy's direct_quotations (needs graphbuild[eval]).")] = True,
    sources: Annotated[Path | None, typer.Option("--sources", help="Referents of the gold sources that are not names (default: bench/gold/sources_SPLIT.tsv when it exists).")] = None,
    model: opt.Model = opt.DEFAULT_MODEL,
    as_json: opt.Json = False,
) -> None:
    """Score statements and speakers against PolNeAR gold attributions (P/R/F1 per slice and rule).

    Example: graphbuild eval polnear ../shared/bench/polnear --split dev --predictions preds.jsonl
    """
    from ..eval import evaluate_polnear, iter_rows

    if not (path / split / "text").is_dir():
        fail(f"no PolNeAR split at {path / split} (expected {path / split / 'text'})")
    sink = predictions.open("w", encoding="utf-8") if predictions else None
    try:
        refs = sources or Path(f"bench/gold/sources_{split}.tsv")
        if sources and not sources.is_file():
            fail(f"no referent file at {sources}")
        report = evaluate_polnear(path, split, model=model, limit=limit, baseline=baseline, referents=refs if refs.is_file() else None,
                                  predictions=(lambda d: sink.write(json.dumps(d) + "\n")) if sink else None)
    except GraphbuildError as e:
        fail(e)
    finally:
        if sink:
            sink.close()
    if as_json:
        dump(report)
        return
    t = Table(title=f"PolNeAR {split}: {report.articles} articles, {report.words:,} words, {report.gold:,} gold attributions")
    for c in ("system", "slice", "match", "P", "R", "F1"):
        t.add_column(c, justify="right" if c in {"P", "R", "F1"} else "left")
    for system, sl, rule, p, r, f in iter_rows(report):
        t.add_row(system, sl, {"j50": "jaccard≥0.5"}.get(rule, rule), f"{p:.1f}", f"{r:.1f}", f"{f:.1f}")
    out.print(t)
    s = Table(title="Speakers and speed")
    for c in ("system", "speaker: name level", "mention overlap", "unresolved pronouns", "statements", "words/s"):
        s.add_column(c)
    for sy in report.systems:
        s.add_row(sy.system, f"{sy.name_accuracy:.1f}% ({sy.name_derived} named)", f"{sy.speaker_accuracy:.1f}% of {sy.speaker_matched}",
                  f"{sy.unresolved_pronoun_share:.1f}%", str(sy.statements), f"{sy.words_per_second:,.0f}")
    s.add_row("raw spaCy nlp.pipe", "", "", "", "", f"{report.raw_spacy_words_per_second:,.0f}")
    out.print(s)
    for sy in report.systems:
        if sy.name_by_source:
            out.print(f"{sy.system}, name level by gold source: " + ", ".join(
                f"{k} {v:.1f}% of {sy.sources[k]}" for k, v in sy.name_by_source.items()), highlight=False)
    _print_framing(report.systems[0])


def _print_framing(gb: SystemScore) -> None:
    """Recall and precision per framing class, and precision per statement kind."""
    if not gb.by_framing:
        return
    ft = Table(title=f"{gb.system} by framing (jaccard≥0.5; gold classed by its cue)")
    for c in ("framing", "gold", "R", "predicted", "P"):
        ft.add_column(c, justify="left" if c == "framing" else "right")
    for k, (ng, gm, np_, pm) in gb.by_framing.items():
        ft.add_row(k, str(ng), f"{100 * gm / ng:.1f}" if ng else "", str(np_), f"{100 * pm / np_:.1f}" if np_ else "")
    out.print(ft)
    out.print(f"{gb.system}, precision by kind: " + ", ".join(
        f"{k} {100 * pm / n:.1f}% of {n}" for k, (n, pm) in gb.by_kind.items() if n), highlight=False)


@eval_app.command("styles")
def eval_styles(
    path: Annotated[Path, typer.Argument(help="Folder of gold articles (NN_style.txt + NN_style.json).")] = Path("bench/gold/styles"),
    model: opt.Model = opt.DEFAULT_MODEL,
    as_json: opt.Json = False,
) -> None:
    """Score statements and speakers on the team's own gold in other styles (wire, press release,
    interview, op-ed, transcript, feature), per style.

    Example: graphbuild eval styles bench/gold/styles
    """
    from ..eval.styles import evaluate_styles

    if not path.is_dir():
        fail(f"no gold folder at {path}")
    try:
        report = evaluate_styles(path, model=model)
    except GraphbuildError as e:
        fail(e)
    if as_json:
        dump(report)
        return
    t = Table(title=f"Own gold in other styles: {report.articles} articles, {report.words:,} words, {report.gold} statements")
    for c in ("style", "gold", "P", "R", "F1", "exact F1", "speaker: name level"):
        t.add_column(c, justify="left" if c == "style" else "right")
    for sy in [*report.styles.values(), report.overall]:
        j = next(x for x in sy.scores if x.slice == "all" and x.rule == "j50")
        ex = next(x for x in sy.scores if x.slice == "all" and x.rule == "exact")
        t.add_row(sy.system, str(j.gold), f"{j.precision:.1f}", f"{j.recall:.1f}", f"{j.f1:.1f}", f"{ex.f1:.1f}",
                  f"{sy.name_accuracy:.1f}% of {sy.name_derived}")
    out.print(t)
    o = report.overall
    out.print("name level by gold source: " + ", ".join(f"{k} {v:.1f}% of {o.sources[k]}" for k, v in o.name_by_source.items()), highlight=False)
    _print_framing(o)


@eval_app.command("entities")
def eval_entities(
    path: Annotated[Path, typer.Argument(help="PolNeAR root (with dev/ and train/ folders).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold clustering (TSV: article, label, surface, gold).")] = Path("bench/gold/entities_dev.tsv"),
    split: Annotated[str, typer.Option("--split", help="Split the gold clustering annotates.")] = "dev",
    context: Annotated[list[str] | None, typer.Option("--context", help="More splits to resolve over (evidence only), e.g. train.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Only the first N articles of each split.")] = None,
    model: opt.Model = opt.DEFAULT_MODEL,
    as_json: opt.Json = False,
) -> None:
    """Score cross-article entity resolution against a gold clustering (pairwise and B-cubed P/R/F1).

    Example: graphbuild eval entities ../shared/bench/polnear --context train
    """
    from ..eval.entities import evaluate_entities

    for sp in (split, *(context or [])):
        if not (path / sp / "text").is_dir():
            fail(f"no PolNeAR split at {path / sp} (expected {path / sp / 'text'})")
    if not gold.is_file():
        fail(f"no gold clustering at {gold}")
    try:
        report = evaluate_entities(path, gold, split, context=context or [], model=model, limit=limit)
    except GraphbuildError as e:
        fail(e)
    if as_json:
        dump(report)
        return
    ctx = f" (resolved over {split} + {' + '.join(report.context)})" if report.context else ""
    t = Table(title=f"Entity merges on PolNeAR {split}{ctx}: {report.items:,} entities of {report.articles} articles, {report.identities:,} gold identities")
    for c in ("system", "pairwise P", "R", "F1", "B³ P", "R", "F1", "clusters"):
        t.add_column(c, justify="left" if c == "system" else "right")
    for sc in report.scores:
        t.add_row(sc.system, f"{sc.pairwise_p:.1f}", f"{sc.pairwise_r:.1f}", f"{sc.pairwise_f1:.1f}",
                  f"{sc.bcubed_p:.1f}", f"{sc.bcubed_r:.1f}", f"{sc.bcubed_f1:.1f}", str(sc.clusters))
    out.print(t)
    # Entity names come from article text: printed as text, never as Rich markup.
    out.print(f"wrong merges ({len(report.wrong_merges)}): " + ("; ".join(report.wrong_merges) or "none"), markup=False)
    out.print("one-word person nodes: " + ", ".join(f"{k} {v}" for k, v in report.one_word_people.items()), markup=False)
    out.print("one-word persons among the 100 most frequent speakers: " + ("; ".join(report.top_speaker_fragments) or "none"), markup=False)
    out.print(f"junk names reported in issue 11 still present: {', '.join(report.junk_seen) or 'none'}; "
              f"person names starting with a common non-name word: {report.junk_like}", markup=False)


@eval_app.command("claims")
def eval_claims(
    pairs: Annotated[Path, typer.Option("--pairs", help="Labelled statement pairs (TSV: pair, …, text_a, …, text_b, label).")] = Path("bench/gold/claim_pairs.tsv"),
    as_json: opt.Json = False,
) -> None:
    """Score claim matching (the same statement in two articles) on labelled pairs: precision and recall.

    Example: graphbuild eval claims --pairs bench/gold/claim_pairs.tsv
    """
    from ..eval.claims import evaluate_claims

    if not pairs.is_file():
        fail(f"no pair file at {pairs}")
    report = evaluate_claims(pairs)
    if as_json:
        dump(report)
        return
    t = Table(title=f"Claim matching (3-gram containment ≥ {report.containment}, ≥ {report.min_words} words) on {pairs}")
    for c in ("part", "pairs", "TP", "FP", "FN", "P", "R", "F1"):
        t.add_column(c, justify="left" if c == "part" else "right")
    for sc in report.scores:
        t.add_row(sc.part, str(sc.pairs), str(sc.tp), str(sc.fp), str(sc.fn), f"{sc.precision:.1f}", f"{sc.recall:.1f}", f"{sc.f1:.1f}")
    out.print(t)
    out.print(f"false merges: {'; '.join(report.false_merges) or 'none'}", highlight=False, markup=False)


def schema(
    folder: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schemas.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the files differ from the models.")] = False,
) -> None:
    """Write the records' JSON Schemas (or check them with --check).

    Example: graphbuild schema --out schemas
    """
    if check:
        bad = drift(folder)
        if bad:
            err.print(f"schemas out of date: {', '.join(bad)} (run `graphbuild schema`)")
            raise typer.Exit(1)
        out.print("schemas up to date")
        return
    for p in write_schemas(folder):
        out.print(f"wrote {p}", highlight=False, markup=False)
