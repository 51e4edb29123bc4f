"""Hostile article text in the outputs (issue 14): HTML markup in the HTML view, formulas in the
CSV files, Rich markup in the terminal, Cypher fragments in query values.

The graphs are built from hand-made records (no spaCy) unless a command needs the model.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuild.cli import app
from graphbuild.export import FORMATS, write_html, write_neo4j_csv
from graphbuild.graph import to_rows
from graphbuild.model import (
    Article,
    Entity,
    Extraction,
    Relation,
    Statement,
    entity_key,
    statement_id,
)
from graphbuild.store import open_store

from ..conftest import neo4j_admin
from .test_export import _chromium

runner = CliRunner()


def _extraction(aid: str, *, quote: str, speaker: str, title: str, outlet: str = "Wire", about: str = "Chile",
                role: str = "Finance Minister") -> Extraction:
    """One article: `speaker` (holding `role` of `about`) said `quote`, which mentions `about`."""
    a = Article(id=aid, source=f"{aid}.txt", title=title, text=f"{quote}, {speaker} said. {about} agreed.", content_hash=aid * 2,
                outlet=outlet, published="2024-05-01")
    sk, ck = entity_key("Person", speaker), entity_key("Country", about)
    st = Statement(id=statement_id(aid, 0, len(quote)), article=aid, kind="indirect", cue="said", text=quote, content=[(0, len(quote))],
                   speaker=sk, speaker_name=speaker, speaker_mention=speaker, evidence=a.text, evidence_span=(0, len(a.text)),
                   confidence=0.8, mentions=[ck])
    return Extraction(article=a, statements=[st], extractor="test",
                      entities=[Entity(key=sk, label="Person", name=speaker, aliases=[speaker.split()[-1]], count=1),
                                Entity(key=ck, label="Country", name=about, count=2)],
                      relations=[Relation(type="HOLDS_ROLE", source=sk, target=ck, title=role, article=aid, span=(0, 5), evidence="x")])


def _store(path: Path, *xs: Extraction):
    st = open_store(path)
    for x in xs:
        st.upsert(to_rows(x))
    return st


def _counts(store) -> tuple[int, int]:
    return sum(1 for _ in store.nodes()), sum(1 for _ in store.edges())


# -- 1. HTML view: article text is text, never markup or script ---------------------------------
def _pwn(tag: str) -> str:
    return f"document.body.setAttribute('data-pwned','{tag}')"


HTML_NAME = f'Ana <img src=x onerror="{_pwn("name")}"> Ruiz'
HTML_QUOTE = f'"><script>{_pwn("quote")}</script> href & x'  # "href" once made pyvis use innerHTML
HTML_ABOUT = f"Chile</script><script>{_pwn('json')}</script>"
HTML_OUTLET = f"<svg onload=\"{_pwn('outlet')}\">Wire"

# Runs after the page: stops the layout, hovers every node with a real mousemove on the canvas
# (vis-network's popup), then sends each node the `showPopup` event vis-network emits on hover
# (the path pyvis's link popup takes), and writes what each popup showed into <pre id="seen">.
_HOVER = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  network.stopSimulation();
  var ids = nodes.getIds(), seen = [], i = 0;
  var canvas = document.querySelector("#mynetwork canvas");
  function next() {
    if (i >= ids.length) {
      var pre = document.createElement("pre"); pre.id = "seen"; pre.textContent = JSON.stringify({pwned: document.body.getAttribute("data-pwned"), seen: seen});
      document.body.appendChild(pre); return;
    }
    var id = ids[i++], p = network.canvasToDOM(network.getPositions([id])[id]), r = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new MouseEvent("mousemove", {clientX: r.left + p.x, clientY: r.top + p.y, bubbles: true}));
    setTimeout(function () {
      var tip = document.querySelector(".vis-tooltip");
      var hovered = tip ? tip.textContent : "";
      try { network.body.emitter.emit("showPopup", id); } catch (e) {}
      var pop = document.querySelector(".popup");
      seen.push({id: id, tooltip: hovered, visible: tip ? tip.style.visibility !== "hidden" : false, popup: pop ? pop.textContent : null});
      next();
    }, 700);
  }
  next();
}, 3000); });
</script>"""


def _hover_all(html: Path) -> tuple[str, dict]:
    """The DOM after every node's popup was opened in headless Chromium, and what each showed
    (`seen`) and the marker an injected script would set (`pwned`)."""
    page = html.read_text(encoding="utf-8")
    probe = html.with_name("probe.html")
    probe.write_text(page.replace("</body>", _HOVER + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tempfile.mkdtemp()}", "--virtual-time-budget=30000",
             "--window-size=1200,900", "--dump-dom", probe.as_uri()]
    dom = subprocess.run([_chromium(), *flags], capture_output=True, text=True, timeout=180, check=True).stdout
    assert '<pre id="seen">' in dom, dom[-2000:]
    return dom, json.loads(unescape(dom.split('<pre id="seen">', 1)[1].split("</pre>", 1)[0]))


def test_html_view_shows_markup_in_article_text_as_text(tmp_path) -> None:
    st = _store(tmp_path / "g.db", _extraction("art_a", quote=HTML_QUOTE, speaker=HTML_NAME, title="<i>t</i>", about=HTML_ABOUT,
                                                outlet=HTML_OUTLET))
    html = write_html(st, tmp_path / "g.html")
    page = html.read_text(encoding="utf-8")
    # Values sit in the page only as JSON inside <script>, with <, > and & as \\u003c…: no value
    # can close the script or open a tag; pyvis's HTML popup (innerHTML) is never in the page.
    assert "</script><script>document" not in page and "<img src=x" not in page and "<svg" not in page
    assert "\\u003cimg src=x onerror" in page
    assert "popup.innerHTML" not in page
    dom, result = _hover_all(html)
    seen = result["seen"]
    assert "<canvas" in dom and len(seen) == 4  # person, quote, country, outlet (articles are not drawn)
    assert result["pwned"] is None, result
    assert not re.search(r"<body[^>]*data-pwned", dom)
    # On a real hover each value is shown to the user as written (text, not markup).
    shown = {s["tooltip"] for s in seen if s["visible"]}
    assert {f"Person: {HTML_NAME}", f"Quote: {HTML_QUOTE}", f"Country: {HTML_ABOUT}", f"Outlet: {HTML_OUTLET}"} <= shown, seen
    assert all(s["popup"] is None for s in seen)  # no second, HTML popup


# -- 2. CSV: the only CSV export is neo4j-admin's, which must stay exact ------------------------
FORMULAS = ['=HYPERLINK("http://x","y")', "-2+3", "+1", "@SUM(A1)", "\tx", "\rx"]


def test_the_spreadsheet_csv_neutralises_formulas_and_keeps_the_words(tmp_path) -> None:
    # The rule (docs/EXPORTS.md): the CSV meant for spreadsheets (`--format csv`) neutralises
    # formulas with a leading '; the neo4j-admin files are not for spreadsheets and keep every
    # value exact (below). A new export for spreadsheets must neutralise too, and say so here.
    assert FORMATS == ("graphml", "gexf", "jsonl", "neo4j-csv", "html", "csv")
    xs = [_extraction(f"art_{i}", quote=f, speaker=f"Ana {f} Ruiz", title=f, outlet=f) for i, f in enumerate(FORMULAS)]
    _store(tmp_path / "g.db", *xs)
    res = CliRunner().invoke(app, ["export", "--format", "csv", "--out", str(tmp_path / "s.csv"), "--store", str(tmp_path / "g.db")])
    assert res.exit_code == 0, res.output
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["text"] for r in rows) == sorted("'" + f for f in FORMULAS)
    assert sorted(r["title"] for r in rows) == sorted("'" + f for f in FORMULAS)
    for r in rows:  # no cell a spreadsheet would run
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in r.values()), r
    assert len(rows) == len(FORMULAS)


def test_neo4j_admin_csv_keeps_formula_like_values_exact(tmp_path) -> None:
    xs = [_extraction(f"art_{i}", quote=f, speaker=f"Ana {f} Ruiz", title=f, outlet=f) for i, f in enumerate(FORMULAS)]
    st = _store(tmp_path / "g.db", *xs)
    write_neo4j_csv(st, tmp_path / "csv")
    with (tmp_path / "csv" / "nodes_Quote.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["text:string"] for r in rows) == sorted(FORMULAS)  # byte-identical, no leading '
    with (tmp_path / "csv" / "nodes_Article.csv").open(encoding="utf-8", newline="") as f:
        assert sorted(r["title:string"] for r in csv.DictReader(f)) == sorted(FORMULAS)


def test_neo4j_admin_import_round_trips_formula_like_values(tmp_path, neo4j_server_module) -> None:

    from graphbuild.export import neo4j_admin_import
    from graphbuild.store.neo4j import Neo4jStore

    admin = neo4j_admin(neo4j_server_module)
    xs = [_extraction(f"art_{i}", quote=f, speaker=f"Ana {f} Ruiz", title=f, outlet=f) for i, f in enumerate(FORMULAS)]
    st = _store(tmp_path / "g.db", *xs)
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    done = neo4j_admin_import(st, tmp_path / "csv", neo4j_admin=admin, env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
                              timeout=600)
    assert done.bad == 0
    server = neo4j_server_module.start(copy_from=home)
    try:
        imported = Neo4jStore(server.uri)
        assert sorted(q["text"] for q in imported.nodes("Quote")) == sorted(FORMULAS)
        assert sorted(a["title"] for a in imported.nodes("Article")) == sorted(FORMULAS)
        assert sorted(p["name"] for p in imported.nodes("Person")) == sorted(p["name"] for p in st.nodes("Person"))
        assert any(p["name"] == 'Ana =HYPERLINK("http://x","y") Ruiz' for p in imported.nodes("Person"))
        imported.close()
    finally:
        server.stop()


# -- 3. Rich markup in article text is shown, never parsed --------------------------------------
MARKUP_NAME = "Ana [/bold] Ruiz [/]"
MARKUP_QUOTE = "We will [/bold] never [red]accept[/] the [/] new tariffs on [link=http://e]steel[/link] imports"
MARKUP_TITLE = "Tariffs [/] row [/bold]"


@pytest.fixture
def wide(monkeypatch) -> None:
    """A wide terminal: no table cell is wrapped, each value is on one line."""
    from graphbuild.cli import render

    monkeypatch.setattr(render.out, "_width", 400)


@pytest.fixture
def markup_graph(tmp_path, wide) -> Path:
    from graphbuild.pipeline.links import update_links

    path = tmp_path / "g.db"
    st = _store(path, _extraction("art_a", quote=MARKUP_QUOTE, speaker=MARKUP_NAME, title=MARKUP_TITLE, outlet="Wire [/b]",
                                  role="Minister [red]"),
                _extraction("art_b", quote=MARKUP_QUOTE + " at all", speaker=MARKUP_NAME, title="Other \\[x] [/]", outlet="Post [red]"))
    update_links(st)  # a claim reported twice, a republication
    st.close()
    return path


def _flat(output: str) -> str:
    """The words of a Rich table, its borders and line breaks dropped."""
    return " ".join(re.sub(r"[│┃┏┓┗┛┡┩┢┪┣┫╇╈╋━─┼├┤┬┴┌┐└┘┳┻]", " ", output).split())


@pytest.mark.parametrize("cmd", [["quotes"], ["quotes", "--speaker", "Ruiz"], ["speakers", "Chile"], ["profile", "Ruiz"],
                                 ["comentions", "Chile"], ["claims"], ["republished"], ["stats"]], ids=" ".join)
def test_query_shows_rich_markup_in_article_text_as_written(markup_graph, cmd) -> None:
    r = runner.invoke(app, ["query", *cmd, "--store", str(markup_graph)])
    assert r.exit_code == 0, r.output
    shown = _flat(r.output)
    if cmd[0] in {"quotes", "speakers", "profile", "comentions", "claims"}:
        assert MARKUP_NAME in shown, shown
    expected = {"quotes": ["[red]accept[/]", "[link=http://e]steel[/link]", "Tariffs [/] row [/bold]", "Other \\[x] [/]"],
                "profile": ["Minister [red] — Chile", "Tariffs [/] row [/bold] (1×)", "Other \\[x] [/] (1×)"],
                "claims": ["Wire [/b]", "Post [red]", "Tariffs [/] row [/bold]", "[red]accept[/]"],
                "republished": ["Wire [/b]: Tariffs [/] row [/bold]", "Post [red]: Other \\[x] [/]"]}
    for text in expected.get(cmd[0], []):
        assert text in shown, (text, shown)


def test_query_values_with_markup_give_one_line_errors(markup_graph) -> None:
    r = runner.invoke(app, ["query", "speakers", "No [/bold] body \\[x", "--store", str(markup_graph)])
    assert r.exit_code == 2 and "no entity named 'No [/bold] body \\\\[x'" in _flat(r.output), r.output


def test_internal_error_handler_prints_markup_as_written(markup_graph, monkeypatch, capsys) -> None:
    import logging

    import graphbuild.query
    from graphbuild.cli.app import main

    message = "boom [/bold] [/] [red] \\[x] [link=http://e] C:\\[\"a\"]"  # escape() lost the backslash of \\["

    def boom(*a, **k):
        raise RuntimeError(message)

    monkeypatch.setattr(graphbuild.query, "stats", boom)
    monkeypatch.setattr(sys, "argv", ["graphbuild", "query", "stats", "--store", str(markup_graph)])
    monkeypatch.setattr(logging.getLogger(), "level", logging.WARNING)
    with pytest.raises(SystemExit) as e:
        main()
    assert e.value.code == 70
    assert f"internal error: RuntimeError: {message}" in " ".join(capsys.readouterr().err.split())


def test_extract_and_refresh_show_rich_markup_as_written(tmp_path, wide) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a.txt").write_text(
        f"{MARKUP_TITLE}\n\n“We will [/bold] never accept [/] these cuts to the [red]health budget,” said Ana Ruiz, "
        "the finance minister of Chile, on Monday.\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(src / "a.txt")])
    assert r.exit_code == 0, r.output
    shown = _flat(r.output)
    assert MARKUP_TITLE in shown and "never accept [/] these cuts" in shown and "[red]health" in shown, shown
    r = runner.invoke(app, ["refresh", str(src), "--store", str(tmp_path / "g.db"), "--report-dir", str(tmp_path / "reports")])
    assert r.exit_code == 0, r.output
    assert "Changes" in r.output and MARKUP_TITLE in _flat(r.output), r.output


# -- 4. Cypher fragments in query values are values ---------------------------------------------
CYPHER = ["' OR 1=1 //", "`x`", "}) DETACH DELETE n //", "\") MATCH (n) DETACH DELETE n RETURN 1 //", "$speaker {key: 'x'}"]


@pytest.fixture(params=["sqlite", "networkx", "neo4j"])
def cypher_graph(request, tmp_path):
    """A graph whose speakers are named with Cypher fragments, on each backend, and its --store."""
    xs = [_extraction(f"art_{i}", quote=f"Payload {c} stays a value", speaker=f"Ana {c} Ruiz", title=c, outlet=c, about="Chile")
          for i, c in enumerate(CYPHER)]
    if request.param == "neo4j":
        st = request.getfixturevalue("neo4j_store")
        for x in xs:
            st.upsert(to_rows(x))
        yield st, request.getfixturevalue("neo4j_uri")
        return
    path = tmp_path / ("g.db" if request.param == "sqlite" else "g.json")
    st = _store(path, *xs)
    if hasattr(st, "flush"):
        st.flush()
    st.close()
    st = open_store(path)
    yield st, str(path)
    st.close()


def test_cypher_fragments_in_query_values_are_only_parameters(cypher_graph) -> None:
    store, uri = cypher_graph
    before = _counts(store)
    for c in CYPHER:
        for cmd in (["quotes", "--speaker", f"Ana {c} Ruiz"], ["quotes", "--about", "Chile", "--speaker", f"Ana {c} Ruiz"],
                    ["profile", f"Ana {c} Ruiz"], ["claims", "--speaker", f"Ana {c} Ruiz"]):
            r = runner.invoke(app, ["query", *cmd, "--store", uri, "--json"])
            assert r.exit_code == 0, (cmd, r.output)
        rows = json.loads(runner.invoke(app, ["query", "quotes", "--speaker", f"Ana {c} Ruiz", "--store", uri, "--json"]).output)
        assert [x["text"] for x in rows] == [f"Payload {c} stays a value"]  # found by its name, nobody else's
        for cmd in (["quotes", "--speaker", c], ["quotes", "--about", c], ["profile", c], ["speakers", c], ["claims", "--speaker", c],
                    ["comentions", c], ["republished", "--outlet", c]):
            r = runner.invoke(app, ["query", *cmd, "--store", uri])
            assert r.exit_code in (0, 2) and "Traceback" not in r.output and "internal error" not in r.output, (cmd, r.output)
            assert r.exit_code == 0 or "no entity named" in r.output or "must be" in r.output, (cmd, r.output)
    assert _counts(store) == before
