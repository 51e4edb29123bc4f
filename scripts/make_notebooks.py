"""Write notebooks/*.ipynb from the cells below (outputs empty: git keeps them stripped).

Run after editing: python scripts/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent.parent / "notebooks"

SETUP = '''import collections
import os
from pathlib import Path

import graphbuild as gb

ROOT = Path.cwd() if (Path.cwd() / "examples").exists() else Path.cwd().parent
# The embedded default (a NetworkX file); set NEO4J_URI to use a Neo4j server instead.
STORE = os.environ.get("NEO4J_URI") or os.environ.get("GRAPHBUILD_STORE") or str(ROOT / "notebooks" / "examples_graph.json")
print("store:", STORE)'''

QUICKSTART = [
    new_markdown_cell("# graphbuild quick start\n\nBuild a graph from the bundled example articles, list who said "
                      "what, look up a speaker, and follow a statement back to the exact sentence in its article."),
    new_code_cell(SETUP),
    new_markdown_cell("## Build\n\nRe-running is safe: unchanged articles are skipped, nothing is duplicated."),
    new_code_cell('''report = gb.build([ROOT / "examples"], STORE)
print(f"{report.articles} articles written, {report.skipped} unchanged, {len(report.failures)} failed, {report.statements} statements")
assert report.ok, report.failures
store = gb.open_store(STORE)
gb.stats(store)'''),
    new_markdown_cell("## Who said what"),
    new_code_cell('''rows = gb.quotes(store)
for q in rows[:12]:
    who = q.speaker.name if q.speaker else f"(unresolved: {q.speaker_mention})"
    print(f"{who:32} {q.kind:8} {q.text[:70]}")
assert rows'''),
    new_markdown_cell("## Look up a speaker\n\nThe most quoted speaker's profile: aliases, roles, articles."),
    new_code_cell('''speakers = collections.Counter(q.speaker.key for q in rows if q.speaker)
key = speakers.most_common(1)[0][0]
p = gb.profile(store, key)
print(p.name, p.label, "| aliases:", p.aliases, "| roles:", [(r.title, r.of.name) for r in p.roles])
print("statements by:", p.statements_by, "| articles:", [a.title for a in p.articles])'''),
    new_markdown_cell("## Provenance\n\nEvery statement keeps its article, its character offsets and its evidence sentence."),
    new_code_cell('''q = gb.quotes(store, speaker=key)[0]
article = store.node(q.article)
print("article :", article["title"], "|", article["source"])
print("evidence:", q.evidence)
print("exact   :", repr(article["text"][q.start:q.end]))
assert article["text"][q.start:q.end] in q.evidence'''),
]

RELATIONS = [
    new_markdown_cell("# Relations: speakers, countries and programs\n\nThe speaker–country–program network "
                      "(interactive and static), statements per speaker over time, what each speaker talks about, "
                      "and the co-mention network."),
    new_code_cell(SETUP + '''

import warnings

import matplotlib.pyplot as plt
import networkx as nx
from IPython.display import HTML, display

report = gb.build([ROOT / "examples"], STORE)
assert report.ok, report.failures
store = gb.open_store(STORE)'''),
    new_markdown_cell("## Who talks about which country and program\n\nAn edge speaker → entity for every statement "
                      "that mentions it; the weight is the number of such statements."),
    new_code_cell('''talks = collections.Counter()
for q in store.nodes("Quote"):
    if not q.get("speaker"):
        continue
    for e in store.edges("MENTIONS", src=q["key"]):
        target = store.node(e["dst"])
        if target and target["label"] in {"Country", "Program"}:
            talks[(q["speaker"], e["dst"])] += 1
net = nx.DiGraph()
for (s, t), w in talks.items():
    for k in (s, t):
        n = store.node(k)
        net.add_node(k, name=n["name"], label=n["label"])
    net.add_edge(s, t, weight=w)
print(net.number_of_nodes(), "nodes,", net.number_of_edges(), "edges")
assert net.number_of_edges() > 0
table = collections.defaultdict(list)
for (s, t), w in sorted(talks.items()):
    table[store.node(s)["name"]].append(f"{store.node(t)['name']} ({w})")
for speaker, about in sorted(table.items()):
    print(f"{speaker:34} {', '.join(about)}")'''),
    new_markdown_cell("### Interactive view (pyvis)"),
    new_code_cell('''from pyvis.network import Network

colors = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#e15759", "Program": "#76b7b2"}
view = Network(height="520px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
for k, d in net.nodes(data=True):
    view.add_node(k, label=d["name"], color=colors.get(d["label"], "#999"), title=d["label"])
for s, t, d in net.edges(data=True):
    view.add_edge(s, t, value=d["weight"], title=f"{d['weight']} statement(s)")
html = view.generate_html(notebook=False)
warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")
display(HTML(f'<iframe srcdoc="{html.replace(chr(34), "&quot;")}" width="100%" height="540"></iframe>'))'''),
    new_markdown_cell("### Static figure (matplotlib)"),
    new_code_cell('''fig, ax = plt.subplots(figsize=(11, 7))
pos = nx.spring_layout(net, seed=7, k=0.9)
nx.draw_networkx_nodes(net, pos, ax=ax, node_color=[colors.get(d["label"], "#999") for _, d in net.nodes(data=True)], node_size=420)
nx.draw_networkx_edges(net, pos, ax=ax, width=[1 + d["weight"] for *_, d in net.edges(data=True)], alpha=0.5, arrows=True)
nx.draw_networkx_labels(net, pos, ax=ax, labels={k: d["name"] for k, d in net.nodes(data=True)}, font_size=8)
ax.set_axis_off()
ax.set_title("Speakers → countries and programs they talk about")
plt.show()'''),
    new_markdown_cell("## Statements per speaker over time"),
    new_code_cell('''per = collections.Counter()
for q in gb.quotes(store):
    if q.speaker:
        per[(q.speaker.name, (q.published or "undated")[:7])] += 1
months = sorted({m for _, m in per})
people = sorted({s for s, _ in per}, key=lambda s: -sum(v for (x, _), v in per.items() if x == s))[:8]
fig, ax = plt.subplots(figsize=(10, 4))
bottom = [0] * len(months)
for s in people:
    vals = [per[(s, m)] for m in months]
    ax.bar(months, vals, bottom=bottom, label=s)
    bottom = [b + v for b, v in zip(bottom, vals)]
ax.set_ylabel("statements")
ax.legend(fontsize=7, ncol=2)
plt.show()
print(dict(zip(months, bottom)))'''),
    new_markdown_cell("## A claim spreading across outlets\n\nThe same statement reported in several articles is one claim "
                      "(`gb.claims`): its first report, then every later one with what it changed. Republished articles "
                      "(`gb.republications`) are reposts and wire copies of an earlier article."),
    new_code_cell('''claims = gb.claims(store)
assert claims, "examples/ holds a wire story and its repost"
for c in claims[:3]:
    print(f"{c.speaker.name if c.speaker else '?'}: “{c.occurrences[0].text[:90]}” ({len(c.occurrences)} reports)")
    for o in c.occurrences:
        edit = "first seen" if o.change is None else o.change + (f" (− {o.removed})" if o.removed else "") + (f" (+ {o.added})" if o.added else "")
        print(f"    {o.published or 'undated'}  {o.outlet or '?':<16} {edit}")
for r in gb.republications(store):
    print(f"{r.article.outlet} ({r.article.published}) republished {r.original.outlet} ({r.original.published}), similarity {r.similarity:.2f}")'''),
    new_code_cell('''from datetime import date

import matplotlib.dates as mdates

fig, ax = plt.subplots(figsize=(9, 3))
outlets = sorted({o.outlet or "?" for c in claims for o in c.occurrences})
for i, c in enumerate(claims[:6]):
    pts = [(date.fromisoformat(o.published[:10]), outlets.index(o.outlet or "?")) for o in c.occurrences if o.published]
    if pts:
        ax.plot([p[0] for p in pts], [p[1] + i * 0.06 for p in pts], marker="o",
                label=f"{c.speaker.name if c.speaker else '?'}: {c.occurrences[0].text[:30]}…")
ax.set_yticks(range(len(outlets)), outlets)
ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
ax.set_title("Each claim: its first report and the later ones, by outlet")
ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
plt.tight_layout()
plt.show()'''),
    new_markdown_cell("## How outlets frame a speaker\n\nEvery statement carries the class of its cue (`framing`: neutral "
                      "\"said\", assertion \"claimed\", denial, admission, accusation, promise, warning, belief, evidence "
                      "\"wrote\"…) and whether it is negated or hedged (\"reportedly\"). Per outlet, how the most quoted "
                      "speakers' statements are framed."),
    new_code_cell('''frames = collections.Counter()
for q in gb.quotes(store):
    if q.speaker:
        frames[(q.speaker.name, q.outlet or "?", q.framing + (" (hedged)" if q.hedged else ""))] += 1
top = [s for s, _ in collections.Counter(s for s, _, _ in frames.elements()).most_common(3)]
for s in top:
    print(s)
    for (who, outlet, frame), n in sorted(frames.items()):
        if who == s:
            print(f"    {outlet:<16} {frame:<20} {n}")'''),
    new_code_cell('''# The same as a chart: for each of the most quoted speakers, each outlet's statements by framing class.
fig, axes = plt.subplots(1, len(top), figsize=(4 * len(top), 3.5), squeeze=False)
classes = sorted({f for _, _, f in frames})
for ax, s in zip(axes[0], top):
    outs = sorted({o for who, o, _ in frames if who == s})
    left = [0] * len(outs)
    for f in classes:
        vals = [frames[(s, o, f)] for o in outs]
        if any(vals):
            ax.barh(outs, vals, left=left, label=f)
            left = [a + b for a, b in zip(left, vals)]
    ax.set_title(s, fontsize=9)
    ax.set_xlabel("statements")
axes[0][-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
plt.tight_layout()
plt.show()'''),
    new_markdown_cell("## Co-mention network\n\nEntities named in the same articles; the weight is the number of shared articles."),
    new_code_cell('''co = nx.Graph()
for art in store.nodes("Article"):
    ents = [e["dst"] for e in store.edges("MENTIONS", src=art["key"]) if store.node(e["dst"])["label"] in {"Person", "Country", "Program", "Organization"}]
    for i, a in enumerate(ents):
        for b in ents[i + 1:]:
            w = co.get_edge_data(a, b, {"weight": 0})["weight"]
            co.add_edge(a, b, weight=w + 1)
strong = nx.Graph([(a, b, d) for a, b, d in co.edges(data=True) if d["weight"] >= 1])
print(co.number_of_nodes(), "entities,", co.number_of_edges(), "co-mention pairs")
fig, ax = plt.subplots(figsize=(11, 7))
pos = nx.spring_layout(strong, seed=3)
nx.draw_networkx(strong, pos, ax=ax, node_size=120, font_size=6, width=[d["weight"] for *_, d in strong.edges(data=True)],
                 labels={k: store.node(k)["name"] for k in strong.nodes}, edge_color="#888")
ax.set_axis_off()
plt.show()
assert co.number_of_edges() > 0'''),
]


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, cells in (("01_quickstart.ipynb", QUICKSTART), ("02_relations.ipynb", RELATIONS)):
        nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                                                 "language_info": {"name": "python"}})
        nbformat.write(nb, HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
