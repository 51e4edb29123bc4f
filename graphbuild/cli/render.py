"""The one renderer of the CLI: consoles, JSON, tables, reports and the progress bar.

Values from articles (titles, names, quotes, sources) and from errors reach Rich as `Text` or
with `markup=False`, never as markup: `[/bold]` in a title is shown as written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..model import Extraction, Failure, RunReport

if TYPE_CHECKING:  # the pipeline imports spaCy: only a build, which shows a Bar, needs it
    from ..pipeline import Event

out = Console(soft_wrap=False)
err = Console(stderr=True)


def fail(e: Exception | str, code: int = 2) -> NoReturn:
    """Print a one-line error and exit (2: an error, 3: the store is locked)."""
    err.print(Text.assemble(("error:", "bold red"), f" {e}"), highlight=False)
    raise typer.Exit(code)


def dump(obj: Any) -> None:
    """Print models (or lists of them) as indented JSON on stdout."""
    data: Any
    if isinstance(obj, BaseModel):
        data = obj.model_dump(mode="json")
    elif isinstance(obj, list):
        data = [o.model_dump(mode="json") if isinstance(o, BaseModel) else o for o in obj]
    else:
        data = obj
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def short(s: str | None, n: int) -> str:
    """One line of at most `n` characters, cut at a word, ending in one "…".

    >>> short("We tried … and we failed again", 14)
    'We tried…'
    >>> short(None, 5)
    ''
    """
    s = " ".join((s or "").split())
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" …,;:") + "…" if cut.rstrip(" …,;:") else s[: n - 1] + "…"


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 statement", "2 statements".

    >>> plural(1, "statement"), plural(0, "entity", "entities")
    ('1 statement', '0 entities')
    """
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def print_failures(failures: Sequence[Failure], *, to_err: bool = False) -> None:
    """Each failed input with its stage and reason, one per line."""
    console = err if to_err else out
    for f in failures:
        console.print(f"  failed: {f.source} ({f.stage}): {f.error}", soft_wrap=True, markup=False, highlight=False)


def report_table(report: RunReport) -> None:
    """The build report: what was written, skipped and failed."""
    t = Table(title="Build report", show_header=False)
    t.add_row("store", Text(report.store))
    t.add_row("articles written", f"{report.articles:,}")
    t.add_row("unchanged (skipped)", f"{report.skipped:,}")
    t.add_row("statements written", f"{report.statements:,}")
    t.add_row("derived links changed", f"{report.links_changed:,}")
    t.add_row("failed inputs", f"{len(report.failures):,}")
    t.add_row("seconds", f"{report.seconds:.1f}")
    out.print(t)
    if not report.articles and not report.failures and report.changes.empty:
        out.print(f"no changes: {plural(report.skipped, 'article')} unchanged")
    if report.failures:
        out.print(f"[bold red]{plural(len(report.failures), 'input')} failed:[/]")
        print_failures(report.failures)


def changes_tables(report: RunReport) -> None:
    """What a refresh changed: counts, then the articles, speakers and re-attributed statements."""
    c = report.changes
    if c.empty and not report.failures:
        out.print(f"no changes: {plural(report.skipped, 'article')} unchanged")
        return
    t = Table(title="Changes", show_header=False)
    for name, n in (("articles added", len(c.added)), ("articles updated", len(c.updated)), ("articles retracted", len(c.retracted)),
                    ("articles unchanged", report.skipped), ("inputs failed", len(report.failures)), ("new speakers", len(c.new_speakers)),
                    ("new statements", len(c.new_statements)), ("statements whose speaker changed", len(c.speaker_changed))):
        t.add_row(name, f"{n:,}")
    out.print(t)
    if c.added or c.updated or c.retracted:
        a = Table(title="Articles")
        for col in ("change", "id", "source", "title"):
            a.add_column(col)
        for kind, items in (("added", c.added), ("updated", c.updated), ("retracted", c.retracted)):
            for x in items[:50]:
                a.add_row(kind, Text(x.id), Text(short(x.source, 50)), Text(short(x.title, 40)))
        out.print(a)
    if c.new_speakers:
        more = " …" if len(c.new_speakers) > 30 else ""
        out.print("new speakers: " + ", ".join(sp.name for sp in c.new_speakers[:30]) + more, soft_wrap=True, markup=False)
    if c.speaker_changed:
        sc = Table(title="Statements whose speaker changed")
        for col in ("id", "statement", "was", "now"):
            sc.add_column(col)
        for y in c.speaker_changed[:50]:
            sc.add_row(Text(y.id), Text(short(y.text, 50)), Text(y.old_speaker or "—"), Text(y.speaker or "—"))
        out.print(sc)


def statements_table(x: Extraction) -> None:
    """The statements of one extracted article."""
    t = Table(title=Text(f"{x.article.title} ({x.article.source}): {plural(len(x.statements), 'statement')}"))
    t.add_column("speaker", style="bold")
    t.add_column("as written")
    t.add_column("kind")
    t.add_column("statement")
    for s in x.statements:
        t.add_row(Text(s.speaker_name or "(unresolved)"), Text(short(s.speaker_mention, 30)), Text(s.kind), Text(short(s.text, 90)))
    out.print(t)


class Bar:
    """A progress bar over articles: advances per article read (extracted, unchanged or failed),
    with the rate and, when the total is known, the time remaining."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        from ..pipeline import Extracted, Skipped

        self.progress, self.task = progress, task
        self._read = (Extracted, Skipped)

    def phase(self, description: str) -> None:
        """Say what is happening ("loading model", "articles")."""
        self.progress.update(self.task, description=description)

    def __call__(self, ev: Event) -> None:
        if isinstance(ev, self._read) or (isinstance(ev, Failure) and ev.stage != "store"):
            self.progress.advance(self.task)
            task = self.progress.tasks[0]
            rate = task.completed / task.elapsed if task.elapsed else 0.0
            self.progress.update(self.task, rate=f"{rate:.1f} articles/s" if rate else "")


@contextmanager
def progress_bar(total: Callable[[], int | None], *, enabled: bool) -> Iterator[Bar | None]:
    """A `Bar` on stderr while the block runs (None when disabled or stderr is not a terminal);
    `total()` counts the articles to come (None: unknown)."""
    if not enabled or not err.is_terminal:
        yield None
        return
    cols = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*cols, console=err, transient=True) as p:
        yield Bar(p, p.add_task("counting inputs", total=total(), rate=""))
