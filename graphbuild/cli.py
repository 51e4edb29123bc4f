"""The `graphbuild` command: a thin layer that parses, calls one API function and renders."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from typer.exceptions import TyperException

from . import __version__
from . import query as q
from .build import build as run_build
from .curate import load_curation
from .errors import GraphbuildError
from .export import FORMATS
from .export import export as run_export
from .extract import extract_stream
from .extract.nlp import DEFAULT_MODEL, load_nlp
from .ingest import iter_files
from .ingest.feeds import Fetcher, is_url, iter_sources
from .records import Extraction, Failure, RunReport
from .schema import drift, write_schemas
from .store import DEFAULT_STORE, open_store
from .store.lock import StoreLocked

app = typer.Typer(
    name="graphbuild",
    help="Turn news articles into a knowledge graph of who said what.\n\nExample: graphbuild build examples --store graph.json && graphbuild query quotes",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
query_app = typer.Typer(help="Ask the graph: quotes, speakers, profiles, co-mentions, stats.\n\nExample: graphbuild query quotes --speaker Kannan", no_args_is_help=True)
app.add_typer(query_app, name="query")

out = Console(soft_wrap=False)
err = Console(stderr=True)

StoreOpt = Annotated[str, typer.Option("--store", "-s", envvar="GRAPHBUILD_STORE", help="Graph file (NetworkX JSON) or bolt://host:7687 (Neo4j).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ModelOpt = Annotated[str, typer.Option("--model", "-m", envvar="GRAPHBUILD_MODEL", help="Installed spaCy pipeline name.")]


def _fail(e: Exception, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {e}")
    raise typer.Exit(code)


def _dump(obj: Any) -> None:
    data: Any
    if isinstance(obj, BaseModel):
        data = obj.model_dump(mode="json")
    elif isinstance(obj, list):
        data = [o.model_dump(mode="json") if isinstance(o, BaseModel) else o for o in obj]
    else:
        data = obj
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _short(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _report_table(report: RunReport) -> None:
    t = Table(title="Build report", show_header=False)
    t.add_row("store", report.store)
    t.add_row("articles written", str(report.articles))
    t.add_row("unchanged (skipped)", str(report.skipped))
    t.add_row("statements", str(report.statements))
    t.add_row("failed inputs", str(len(report.failures)))
    t.add_row("seconds", f"{report.seconds:.1f}")
    out.print(t)
    if report.failures:
        out.print(f"[bold red]{len(report.failures)} input(s) failed:[/]")
        for x in report.failures:
            out.print(f"  {x.source} ({x.stage}): {x.error}", soft_wrap=True, markup=False, highlight=False)


def _version(value: bool) -> None:
    if value:
        out.print(f"graphbuild {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)], format="%(levelname)s %(name)s: %(message)s")


SourcesArg = Annotated[list[str], typer.Argument(help="Files, folders (.txt, .md, .html, .json, .jsonl), feed files (.rss, .atom, .xml) and http(s) URLs of feeds or pages.")]
CurationOpt = Annotated[Path | None, typer.Option("--curation", "-c", envvar="GRAPHBUILD_CURATION", help="Curation file (TOML): same_as, not_same_as, speaker, aliases.")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="spaCy processes (nlp.pipe n_process).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or tables; errors only.")]
WaitOpt = Annotated[float, typer.Option("--wait", min=0, help="Seconds to wait for another build/refresh on the same store to finish (default: exit at once).")]


def _run(sources: list[str], store: str, *, model: str, quiet: bool, as_json: bool, **kwargs: Any) -> RunReport:
    """Run a build; a locked store exits 3, any other error exits 2 (one line)."""
    try:
        return _run_build(sources, store, model=model, quiet=quiet, as_json=as_json, **kwargs)
    except StoreLocked as e:
        _fail(e, 3)
    except GraphbuildError as e:
        _fail(e)


def _run_build(sources: list[str], store: str, *, model: str, quiet: bool, as_json: bool, **kwargs: Any) -> RunReport:
    """Run a build with a progress bar (rate and ETA) unless quiet/JSON/not a terminal."""
    if quiet or as_json or not sys.stderr.isatty():
        return run_build(sources, store, model=model, **kwargs)
    local = [x for x in sources if not is_url(x)]
    total = None if len(local) < len(sources) else sum(1 for _ in iter_files(local))
    cols = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*cols, console=err, transient=True) as bar:
        task = bar.add_task("loading model", total=total or None, rate="")
        nlp = load_nlp(model)
        bar.update(task, description="articles")
        seen_sources: set[str] = set()

        def tick(item: Any) -> None:
            src = getattr(item, "source", None) or item.article.source
            base = src.split("#", 1)[0]
            if base not in seen_sources:
                seen_sources.add(base)
                bar.advance(task)
            el = bar.tasks[0].elapsed or 0
            bar.update(task, rate=f"{len(seen_sources) / el:.1f} inputs/s" if el else "")

        return run_build(sources, store, nlp=nlp, progress=tick, **kwargs)


def _finish(report: RunReport, *, quiet: bool, as_json: bool, changes: bool) -> None:
    if as_json:
        _dump(report)
    elif not quiet:
        _report_table(report)
        if changes:
            _changes_tables(report)
    elif report.failures:
        for f in report.failures:
            err.print(f"failed: {f.source} ({f.stage}): {f.error}", markup=False, highlight=False)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def build(
    sources: SourcesArg,
    store: StoreOpt = DEFAULT_STORE,
    model: ModelOpt = DEFAULT_MODEL,
    workers: WorkersOpt = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Texts per nlp.pipe batch.")] = 16,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this.")] = 64 * 1024 * 1024,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles even when unchanged.")] = False,
    curation: CurationOpt = None,
    wait: WaitOpt = 0.0,
    report_path: Annotated[Path | None, typer.Option("--report", help="Also write the run report as JSON here.")] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Build or update the graph from articles. Exits 1 when any input failed (all are listed).

    Example: graphbuild build examples --store graph.json
    """
    report = _run(sources, store, model=model, quiet=quiet, as_json=as_json, workers=workers, batch_size=batch_size,
                  max_bytes=max_bytes, force=force, curation=curation, lock_wait=wait)
    if report_path:
        report_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    _finish(report, quiet=quiet, as_json=as_json, changes=False)


def _reports_dir(store: str, report_dir: Path | None) -> Path:
    if report_dir is not None:
        return report_dir
    if "://" in store:
        return Path("graphbuild-reports")
    p = Path(store)
    return p.with_name(p.name + ".reports")


@app.command()
def refresh(
    sources: SourcesArg,
    store: StoreOpt = DEFAULT_STORE,
    model: ModelOpt = DEFAULT_MODEL,
    workers: WorkersOpt = 1,
    curation: CurationOpt = None,
    keep_removed: Annotated[bool, typer.Option("--keep-removed", help="Keep articles whose files are gone from a source folder.")] = False,
    wait: WaitOpt = 0.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds before a feed or page fetch times out.")] = 20.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries (with backoff) for a failed fetch.")] = 3,
    host_delay: Annotated[float, typer.Option("--host-delay", min=0, help="Minimum seconds between two requests to one host.")] = 1.0,
    report_dir: Annotated[Path | None, typer.Option("--report-dir", help="Where change reports are written (default: <graph>.reports/ beside the graph file, ./graphbuild-reports for Neo4j).")] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Refresh the graph incrementally (the nightly job) and report what changed.

    Unchanged articles are skipped without running spaCy; changed ones replace their old
    version; articles gone from a source folder are retracted (unless --keep-removed). The
    change report is printed and written as JSON to <graph>.reports/<UTC time>.json.
    Exit codes: 0 all went well, 1 some input failed (listed), 2 error (store, curation file),
    3 another build or refresh holds the store.

    Example: graphbuild refresh examples https://example.org/feed.xml --store graph.json
    """
    fetcher = Fetcher(timeout=timeout, retries=retries, host_delay=host_delay)
    report = _run(sources, store, model=model, quiet=quiet, as_json=as_json, workers=workers, curation=curation,
                  retract=not keep_removed, lock_wait=wait, fetcher=fetcher)
    folder = _reports_dir(store, report_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = report.started.replace(":", "").replace("+0000", "Z")
        path = folder / f"{stamp}.json"
        path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
        if not (quiet or as_json):
            err.print(f"change report written to {path}")
    except OSError as e:
        err.print(f"[yellow]warning:[/] could not write the change report to {folder}: {e}")
    _finish(report, quiet=quiet, as_json=as_json, changes=True)


def _changes_tables(report: RunReport) -> None:
    c = report.changes
    t = Table(title="Changes", show_header=False)
    for name, n in (("articles added", len(c.added)), ("articles updated", len(c.updated)), ("articles retracted", len(c.retracted)),
                    ("articles unchanged", report.skipped), ("inputs failed", len(report.failures)), ("new speakers", len(c.new_speakers)),
                    ("new statements", len(c.new_statements)), ("statements whose speaker changed", len(c.speaker_changed))):
        t.add_row(name, str(n))
    out.print(t)
    if c.added or c.updated or c.retracted:
        a = Table(title="Articles")
        for col in ("change", "id", "source", "title"):
            a.add_column(col)
        for kind, items in (("added", c.added), ("updated", c.updated), ("retracted", c.retracted)):
            for x in items[:50]:
                a.add_row(kind, x.id, _short(x.source, 50), _short(x.title, 40))
        out.print(a)
    if c.new_speakers:
        out.print("new speakers: " + ", ".join(sp.name for sp in c.new_speakers[:30]) + (" …" if len(c.new_speakers) > 30 else ""), soft_wrap=True, markup=False)
    if c.speaker_changed:
        sc = Table(title="Statements whose speaker changed")
        for col in ("id", "statement", "was", "now"):
            sc.add_column(col)
        for y in c.speaker_changed[:50]:
            sc.add_row(y.id, _short(y.text, 50), y.old_speaker or "—", y.speaker or "—")
        out.print(sc)


@app.command()
def extract(
    sources: SourcesArg,
    jsonl: Annotated[bool, typer.Option("--jsonl", "--json", help="Print one Extraction record (JSON) per line, per article.")] = False,
    model: ModelOpt = DEFAULT_MODEL,
    curation: CurationOpt = None,
) -> None:
    """Extract records from articles without storing them; a table, or JSON Lines with --jsonl.

    Example: graphbuild extract examples/india_japan_lunar_rover.txt --jsonl
    """
    failed = 0
    try:
        cur = load_curation(curation)
        nlp = load_nlp(model)
        for x in extract_stream(iter_sources(sources), nlp):
            if isinstance(x, Failure):
                failed += 1
                err.print(f"failed: {x.source} ({x.stage}): {x.error}", markup=False, highlight=False)
                continue
            x = cur.apply(x)
            if jsonl:
                sys.stdout.write(x.model_dump_json() + "\n")
            else:
                _statements_table(x)
    except GraphbuildError as e:
        _fail(e)
    raise typer.Exit(1 if failed else 0)


def _statements_table(x: Extraction) -> None:
    t = Table(title=f"{x.article.title} ({x.article.source})")
    t.add_column("speaker", style="bold")
    t.add_column("as written")
    t.add_column("kind")
    t.add_column("statement")
    for s in x.statements:
        t.add_row(s.speaker_name or "(unresolved)", _short(s.speaker_mention, 30), s.kind, _short(s.text, 90))
    out.print(t)


def _ask(store: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Open the store, run one query function; errors become one line and exit 2."""
    st = _open(store)
    try:
        return fn(st, *args, **kwargs)
    except GraphbuildError as e:
        _fail(e)


def _open(store: str) -> Any:
    if "://" not in store and not Path(store).exists():
        _fail(GraphbuildError(f"no graph at {store!r}: run `graphbuild build SOURCES --store {store}` first"))
    try:
        return open_store(store)
    except GraphbuildError as e:
        _fail(e)


@query_app.command("quotes")
def quotes_cmd(
    speaker: Annotated[str | None, typer.Option("--speaker", help="Name, surname or alias of the speaker.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="Entity the statement mentions.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="direct, indirect or mixed.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only articles published on/after this date (ISO).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most this many.")] = None,
    store: StoreOpt = DEFAULT_STORE,
    as_json: JsonOpt = False,
) -> None:
    """Who said what: statements, optionally by a speaker and/or about an entity.

    Example: graphbuild query quotes --speaker Kannan --about China
    """
    rows = _ask(store, q.quotes, speaker=speaker, about=about, kind=kind, since=since, limit=limit)
    if as_json:
        _dump(rows)
        return
    t = Table(title=f"Who said what ({len(rows)} statements)", show_lines=True)
    t.add_column("speaker", style="bold")
    t.add_column("kind")
    t.add_column("statement", ratio=3)
    t.add_column("article", ratio=1)
    for r in rows:
        who = r.speaker or f"(unresolved: {r.speaker_mention})"
        if r.speaker_mention and r.speaker and r.speaker_mention.lower() != r.speaker.lower():
            who += f"\n[dim]as “{_short(r.speaker_mention, 40)}”[/]"
        t.add_row(who, f"{r.kind}\n[dim]{r.cue}[/]", _short(r.text, 180), _short(r.article_title, 40))
    out.print(t)


@query_app.command("speakers")
def speakers_cmd(
    entity: Annotated[str, typer.Argument(help="Entity the statements mention.")],
    store: StoreOpt = DEFAULT_STORE,
    as_json: JsonOpt = False,
) -> None:
    """Who speaks about an entity, most active first.

    Example: graphbuild query speakers China
    """
    rows = _ask(store, q.speakers_about, entity)
    if as_json:
        _dump(rows)
        return
    t = Table(title=f"Who speaks about {entity}")
    for c in ("speaker", "type", "statements", "articles"):
        t.add_column(c)
    for r in rows:
        t.add_row(r.speaker, r.label, str(r.statements), str(r.articles))
    out.print(t)


@query_app.command("profile")
def profile_cmd(
    name: Annotated[str, typer.Argument(help="Name, surname, alias or key of an entity.")],
    store: StoreOpt = DEFAULT_STORE,
    as_json: JsonOpt = False,
) -> None:
    """An entity's type, aliases, roles, mentions, articles and statements.

    Example: graphbuild query profile "Sreedhar Kannan"
    """
    p = _ask(store, q.profile, name)
    if as_json:
        _dump(p)
        return
    t = Table(title=f"{p.name} ({p.label})", show_header=False)
    t.add_row("key", p.key)
    t.add_row("aliases", ", ".join(p.aliases) or "-")
    t.add_row("roles", "; ".join(f"{r.title} — {r.of}" for r in p.roles) or "-")
    t.add_row("mentions", str(p.mentions))
    t.add_row("statements by", str(p.statements_by))
    t.add_row("statements about", str(p.statements_about))
    if p.holders:
        t.add_row("role holders", "\n".join(p.holders))
    if p.programs:
        t.add_row("programs", ", ".join(p.programs))
    if p.run_by:
        t.add_row("run by", ", ".join(p.run_by))
    t.add_row("articles", "\n".join(f"{_short(a.get('title'), 70)} ({a['mentions']}×)" for a in p.articles) or "-")
    out.print(t)


@query_app.command("comentions")
def comentions_cmd(
    name: Annotated[str, typer.Argument(help="Entity name.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 20,
    store: StoreOpt = DEFAULT_STORE,
    as_json: JsonOpt = False,
) -> None:
    """Entities mentioned in the same articles, by shared articles.

    Example: graphbuild query comentions Russia
    """
    rows = _ask(store, q.comentions, name, limit=limit)
    if as_json:
        _dump(rows)
        return
    t = Table(title=f"Mentioned with {name}")
    for c in ("entity", "type", "shared articles"):
        t.add_column(c)
    for r in rows:
        t.add_row(r.name, r.label, str(r.articles))
    out.print(t)


@query_app.command("stats")
def stats_cmd(store: StoreOpt = DEFAULT_STORE, as_json: JsonOpt = False) -> None:
    """Node counts per label and edge counts per type.

    Example: graphbuild query stats --store graph.json
    """
    s = _ask(store, q.stats)
    if as_json:
        _dump(s)
        return
    t = Table(title=f"Graph {store}: {s.nodes} nodes, {s.edges} edges")
    t.add_column("label / type")
    t.add_column("count", justify="right")
    for k, v in s.labels.items():
        t.add_row(k, str(v))
    for k, v in s.types.items():
        t.add_row(f"-[{k}]->", str(v))
    out.print(t)


eval_app = typer.Typer(help="Measure attribution accuracy on an annotated corpus.\n\nExample: graphbuild eval polnear ../shared/bench/polnear --split dev", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("polnear")
def eval_polnear(
    path: Annotated[Path, typer.Argument(help="PolNeAR root (with dev/ and train/ folders).")],
    split: Annotated[str, typer.Option("--split", help="Split to score: dev, train or test.")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Only the first N articles.")] = None,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="Write every predicted statement as JSON Lines here.")] = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Also score textacy's direct_quotations.")] = True,
    model: ModelOpt = DEFAULT_MODEL,
    as_json: JsonOpt = False,
) -> None:
    """Score statements and speakers against PolNeAR gold attributions (P/R/F1 per slice and rule).

    Example: graphbuild eval polnear ../shared/bench/polnear --split dev --predictions preds.jsonl
    """
    from .evaluate import evaluate_polnear, iter_rows

    if not (path / split / "text").is_dir():
        _fail(GraphbuildError(f"no PolNeAR split at {path / split} (expected {path / split / 'text'})"))
    sink = predictions.open("w", encoding="utf-8") if predictions else None
    try:
        report = evaluate_polnear(path, split, model=model, limit=limit, baseline=baseline,
                                  predictions=(lambda d: sink.write(json.dumps(d) + "\n")) if sink else None)
    except GraphbuildError as e:
        _fail(e)
        return
    finally:
        if sink:
            sink.close()
    if as_json:
        _dump(report)
        return
    t = Table(title=f"PolNeAR {split}: {report.articles} articles, {report.words:,} words, {report.gold} gold attributions")
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


@app.command()
def export(
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="graphml, gexf, jsonl, neo4j-csv (a folder) or html.")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="File (or folder for neo4j-csv) to write.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Copy into a Neo4j store instead: bolt://host:port.")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="html: only this entity's neighbourhood.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=3, help="html with --speaker: hops around the entity.")] = 1,
    store: StoreOpt = DEFAULT_STORE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Export the graph for other tools (Gephi, Cytoscape, neo4j-admin, a browser) or copy it into Neo4j.

    Example: graphbuild export --format graphml --out graph.graphml
    Example: graphbuild export --format html --speaker Kannan --out kannan.html
    Example: graphbuild export --store graph.json --to bolt://127.0.0.1:7687
    """
    if (fmt is None) == (to is None):
        _fail(GraphbuildError("give either --format FORMAT --out PATH, or --to bolt://…"))
    src = _open(store)
    try:
        if to is not None:
            dst = open_store(to)
            if not hasattr(dst, "load"):
                _fail(GraphbuildError(f"export target must be a Neo4j URI (bolt://…), not {to!r}"))
            nodes, edges = list(src.nodes()), list(src.edges())
            dst.load(nodes, edges)
            dst.close()
            if not quiet:
                out.print(f"copied {len(nodes)} nodes and {len(edges)} edges from {store} to {to}")
            return
        assert fmt is not None
        if fmt not in FORMATS:
            _fail(GraphbuildError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}"))
        if out_path is None:
            out_path = Path({"neo4j-csv": "neo4j-import"}.get(fmt, f"graph.{fmt}"))
        kwargs: dict[str, Any] = {"speaker": speaker, "depth": depth} if fmt == "html" else {}
        files = run_export(src, fmt, out_path, **kwargs)
    except GraphbuildError as e:
        _fail(e)
        return
    finally:
        src.close()
    if not quiet:
        out.print(f"wrote {fmt} to {out_path}" + (f" ({len(files)} files)" if len(files) > 1 else ""))


@app.command()
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
        out.print(f"wrote {p}")


def main() -> None:
    """Console-script entry point: errors become one line (exit 2), never a traceback, unless -vv."""
    try:
        code = app(standalone_mode=False)
        raise SystemExit(code if isinstance(code, int) else 0)
    except typer.Exit as e:
        raise SystemExit(e.exit_code) from None
    except TyperException as e:  # usage errors: the usual message and exit code 2
        show = getattr(e, "show", None)
        if show is not None:
            show()
        raise SystemExit(getattr(e, "exit_code", 2)) from None
    except GraphbuildError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as e:  # a bug: say so in one line; -vv shows the traceback
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        err.print(f"[bold red]internal error:[/] {type(e).__name__}: {e} (run again with -vv for the traceback, and please report it)", highlight=False)
        raise SystemExit(70) from None


if __name__ == "__main__":
    main()
