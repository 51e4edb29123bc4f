"""graphbuild query …: ask the graph (one API call per command, then render).

Every value from the graph (article text: names, titles, quotes, outlets) or from the command
line reaches Rich as a `Text` (never parsed as markup): `[/bold]` in a quote is shown as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table
from rich.text import Text

from .. import query as q
from ..model import GraphbuildError
from . import options as opt
from .render import dump, fail, out, plural, short

app = typer.Typer(help="Ask the graph: quotes, speakers, profiles, co-mentions, claims, republications, stats.\n\nExample: graphbuild query quotes --speaker Kannan",
                  no_args_is_help=True)
T = TypeVar("T")


def ask(store: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Open the graph, run one query function; errors become one line and exit 2."""
    try:
        st = q.connect(store)
        try:
            return fn(st, *args, **kwargs)
        finally:
            st.close()
    except GraphbuildError as e:
        fail(e)


@app.command("quotes")
def quotes_cmd(
    speaker: Annotated[str | None, typer.Option("--speaker", help="Name, surname, given name or alias of the speaker.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="Entity the statement mentions.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="direct, indirect or mixed.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only statements made on/after this date (YYYY, YYYY-MM or YYYY-MM-DD; the statement's own time when the text gives it, else publication).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only statements made before this date (what had been said by then).")] = None,
    framing: Annotated[str | None, typer.Option("--framing", help="Only statements framed this way: denial, accusation, admission, promise, warning, assertion, position, belief, evidence, question, characterisation, neutral, other.")] = None,
    limit: opt.Limit = None,
    store: opt.Store = opt.DEFAULT_STORE,
    as_json: opt.Json = False,
) -> None:
    """Who said what: statements, optionally by a speaker and/or about an entity.

    Example: graphbuild query quotes --speaker Kannan --about China
    """
    answer = ask(store, q.quotes_answer, speaker=speaker, about=about, kind=kind, since=since, limit=limit, framing=framing,
                 until=until)
    rows = answer.rows
    if as_json:
        dump(rows)
        return
    t = Table(title=f"Who said what ({plural(len(rows), 'statement')})", show_lines=True)
    t.add_column("speaker", style="bold")
    t.add_column("kind")
    t.add_column("statement", ratio=3)
    t.add_column("article", ratio=1)
    for r in rows:
        who = Text(r.speaker.name if r.speaker else f"(unresolved: {r.speaker_mention})")
        if r.speaker and r.speaker_mention and r.speaker_mention.lower() != r.speaker.name.lower():
            who.append(f"\nas “{short(r.speaker_mention, 40)}”", "dim")
        if r.speaker_role:  # the article gives only the title; other articles name its holder
            who.append(f"\nholder of {r.speaker_role} (other articles)", "dim")
        how = r.kind + (f", {r.framing}" if r.framing != "neutral" else "") + (", negated" if r.negated else "") + (", hedged" if r.hedged else "")
        t.add_row(who, Text.assemble(how, "\n", (r.cue, "dim")), Text(short(r.text, 180)), Text(short(r.article_title, 40)))
    out.print(t)
    for a in answer.ambiguous:
        out.print(Text(f"also {plural(a.statements, 'statement')} by “{a.entity.name}” "
                         f"(ambiguous: {', '.join(c.name for c in a.candidates)}); see --speaker {a.entity.key!r}"), highlight=False)


@app.command("speakers")
def speakers_cmd(
    entity: Annotated[str, typer.Argument(help="Entity the statements mention.")],
    store: opt.Store = opt.DEFAULT_STORE,
    as_json: opt.Json = False,
) -> None:
    """Who speaks about an entity, most active first.

    Example: graphbuild query speakers China
    """
    rows = ask(store, q.speakers_about, entity)
    if as_json:
        dump(rows)
        return
    t = Table(title=Text(f"Who speaks about {entity} ({plural(len(rows), 'speaker')})"))
    for c in ("speaker", "type", "statements", "articles"):
        t.add_column(c)
    for r in rows:
        t.add_row(Text(r.speaker.name), Text(r.speaker.label), str(r.statements), str(r.articles))
    out.print(t)


@app.command("profile")
def profile_cmd(
    name: Annotated[str, typer.Argument(help="Name, surname, given name, alias or key of an entity.")],
    store: opt.Store = opt.DEFAULT_STORE,
    as_json: opt.Json = False,
) -> None:
    """An entity's type, aliases, roles, mentions, articles and statements.

    Example: graphbuild query profile "Sreedhar Kannan"
    """
    p = ask(store, q.profile, name)
    if as_json:
        dump(p)
        return
    t = Table(title=Text(f"{p.name} ({p.label})"), show_header=False)
    t.add_row("key", Text(p.key))
    t.add_row("aliases", Text(", ".join(p.aliases) or "-"))
    if p.variants:
        t.add_row("resolved from", Text(", ".join(f"{v.name} ({v.key})" for v in p.variants)))
    for a in p.ambiguous:
        t.add_row("maybe also", Text(f"“{a.entity.name}”: {plural(a.statements, 'statement')}, ambiguous between "
                                       f"{', '.join(c.name for c in a.candidates)}"))
    t.add_row("roles", Text("; ".join(f"{r.title} — {r.of.name}" for r in p.roles) or "-"))
    t.add_row("mentions", str(p.mentions))
    t.add_row("statements by", str(p.statements_by))
    t.add_row("statements about", str(p.statements_about))
    if p.holders:
        t.add_row("role holders", Text("\n".join(f"{h.person.name} ({h.title})" for h in p.holders)))
    if p.programs:
        t.add_row("programs", Text(", ".join(r.name for r in p.programs)))
    if p.run_by:
        t.add_row("run by", Text(", ".join(r.name for r in p.run_by)))
    t.add_row("articles", Text("\n".join(f"{short(a.title, 70)} ({a.mentions}×)" for a in p.articles) or "-"))
    out.print(t)


@app.command("comentions")
def comentions_cmd(
    name: Annotated[str, typer.Argument(help="Entity name.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many (1 or more).")] = 20,
    store: opt.Store = opt.DEFAULT_STORE,
    as_json: opt.Json = False,
) -> None:
    """Entities mentioned in the same articles, by shared articles.

    Example: graphbuild query comentions Russia
    """
    rows = ask(store, q.comentions, name, limit=limit)
    if as_json:
        dump(rows)
        return
    t = Table(title=Text(f"Mentioned with {name}"))
    for c in ("entity", "type", "shared articles"):
        t.add_column(c)
    for r in rows:
        t.add_row(Text(r.entity.name), Text(r.entity.label), str(r.articles))
    out.print(t)


@app.command("claims")
def claims_cmd(
    statement: Annotated[str | None, typer.Argument(help="A statement id (from `query quotes --json`): its claim's history.")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Only claims of this speaker (and the names resolved as them).")] = None,
    limit: opt.Limit = None,
    store: opt.Store = opt.DEFAULT_STORE,
    as_json: opt.Json = False,
) -> None:
    """Where else a statement was reported: first by whom, then every later report and its edits.

    Example: graphbuild query claims --speaker "Hillary Clinton" --limit 5
    """
    rows = ask(store, q.claims, statement=statement, speaker=speaker, limit=limit)
    if as_json:
        dump(rows)
        return
    for c in rows:
        who = c.speaker.name if c.speaker else "(unresolved speaker)"
        t = Table(title=Text(f"{who}: “{short(c.occurrences[0].text, 100)}” ({plural(len(c.occurrences), 'report')})"), show_lines=False)
        for col in ("published", "outlet", "article", "change"):
            t.add_column(col)
        for o in c.occurrences:
            change = Text("first seen" if o.change is None else o.change)
            if o.removed:
                change.append(f"\n− {short(o.removed, 60)}", "dim")
            if o.added:
                change.append(f"\n+ {short(o.added, 60)}", "dim")
            t.add_row(Text(o.published or "-"), Text(o.outlet or "-"), Text(short(o.article_title, 50)), change)
        out.print(t)
    if not rows:
        out.print(Text("no claim reported in more than one article" + (f" by {speaker}" if speaker else "")))


@app.command("republished")
def republished_cmd(
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only republications of or by this outlet.")] = None,
    store: opt.Store = opt.DEFAULT_STORE,
    as_json: opt.Json = False,
) -> None:
    """Articles whose body is (nearly) an earlier article's: reposts and wire copies.

    Example: graphbuild query republished --outlet Reuters
    """
    rows = ask(store, q.republications, outlet=outlet)
    if as_json:
        dump(rows)
        return
    t = Table(title=f"Republished articles ({len(rows)})")
    for col in ("original", "published", "republished by", "on", "similarity"):
        t.add_column(col)
    for r in rows:
        t.add_row(Text(f"{r.original.outlet or '-'}: {short(r.original.title, 50)}"), Text(r.original.published or "-"),
                  Text(f"{r.article.outlet or '-'}: {short(r.article.title, 50)}"), Text(r.article.published or "-"), f"{r.similarity:.2f}")
    out.print(t)


@app.command("stats")
def stats_cmd(store: opt.Store = opt.DEFAULT_STORE, as_json: opt.Json = False) -> None:
    """Node counts per label and edge counts per type.

    Example: graphbuild query stats --store graph.db
    """
    s = ask(store, q.stats)
    if as_json:
        dump(s)
        return
    t = Table(title=Text(f"Graph {store}: {plural(s.nodes, 'node')}, {plural(s.edges, 'edge')}"))
    t.add_column("label / type")
    t.add_column("count", justify="right")
    for k, v in s.labels.items():
        t.add_row(Text(k), f"{v:,}")
    for k, v in s.types.items():
        t.add_row(Text(f"-[{k}]->"), f"{v:,}")
    out.print(t)
