"""graphbuild eval … and graphbuild schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..model import GraphbuildError
from ..model.schema import drift, write_schemas
from . import options as opt
from .render import dump, err, fail, out

eval_app = typer.Typer(help="Measure attribution accuracy on an annotated corpus.\n\nExample: graphbuild eval polnear ../shared/bench/polnear --split dev",
                       no_args_is_help=True)


@eval_app.command("polnear")
def eval_polnear(
    path: Annotated[Path, typer.Argument(help="PolNeAR root (with dev/ and train/ folders).")],
    split: Annotated[str, typer.Option("--split", help="Split to score: dev, train or test.")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Only the first N articles.")] = None,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="Write every predicted statement as JSON Lines here.")] = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Also score textacy's direct_quotations (needs graphbuild[eval]).")] = True,
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
        report = evaluate_polnear(path, split, model=model, limit=limit, baseline=baseline,
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
    for c in ("system", "speaker accuracy", "unresolved pronouns", "statements", "words/s"):
        s.add_column(c)
    for sy in report.systems:
        s.add_row(sy.system, f"{sy.speaker_accuracy:.1f}% of {sy.speaker_matched}", f"{sy.unresolved_pronoun_share:.1f}%", str(sy.statements), f"{sy.words_per_second:,.0f}")
    s.add_row("raw spaCy nlp.pipe", "", "", "", f"{report.raw_spacy_words_per_second:,.0f}")
    out.print(s)


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
        out.print(f"wrote {p}", highlight=False)
