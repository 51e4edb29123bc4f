"""Answers kept up to date by every write, so `speakers T` and `comentions T` read a few rows
even when T is a hub mentioned in most of the corpus (docs/STORES.md, "Maintained counts").

`agg_comentions (t, c, n)`: n articles mention both canonical entities t and c (both ways).
`agg_speakers (t, s, statements, articles)`: canonical speaker s has that many statements
mentioning canonical entity t, in that many articles. "Canonical" follows the SAME_AS links,
and a statement's speaker is its `speaker` or else its ATTRIBUTED_TO link, as the queries read
them: the counts are exactly what the scans over the graph give (the parity tests).

Each article contributes a part of each table, computed from the graph. A write transaction
takes away the part of every article it is about to change (its merge or delete, and a
SAME_AS or ATTRIBUTED_TO link that touches what the article mentions or who speaks in it),
computed before the change, and adds the part of the same articles once the transaction's
changes are made: the net difference is written, so re-writing an unchanged article writes
nothing. A store written before these tables existed gets them computed when a writer opens it;
until then (and for a reader of such a file) the queries scan, with the same answers.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable

from ...model import ATTRIBUTED_TO, SAME_AS

TABLES = """
CREATE TABLE IF NOT EXISTS agg_comentions (t TEXT NOT NULL, c TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (t, c)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_speakers (t TEXT NOT NULL, s TEXT NOT NULL, statements INTEGER NOT NULL, articles INTEGER NOT NULL,
  PRIMARY KEY (t, s)) WITHOUT ROWID;
"""
READY = "aggregates"  # the meta row saying the tables hold every article's part

# The SQL of the canonical key of a key expression `x` (its SAME_AS link) and of a statement
# `q`'s speaker: one definition for these counts and the scans of `SQLiteView`.
CANON = f"coalesce((SELECT s.dst FROM edges s WHERE s.src = {{x}} AND s.type = '{SAME_AS}' ORDER BY s.dst LIMIT 1), {{x}})"
_ARTICLE_ENTITIES = (
    f"SELECT e.src, {CANON.format(x='e.dst')} FROM agg_todo w CROSS JOIN nodes a ON a.key = w.a AND a.label = 'Article' "
    "CROSS JOIN edges e ON e.src = a.key AND e.type = 'MENTIONS'")
SPEAKER = f"coalesce({{q}}.speaker, (SELECT x.dst FROM edges x WHERE x.src = {{q}}.key AND x.type = '{ATTRIBUTED_TO}' ORDER BY x.dst LIMIT 1))"
_STATEMENT_MENTIONS = (
    f"SELECT q.article, q.key, {CANON.format(x='q.sp')}, {CANON.format(x='m.dst')} FROM "
    f"(SELECT q.article AS article, q.key AS key, {SPEAKER.format(q='q')} AS sp FROM agg_todo w CROSS JOIN nodes q "
    "ON q.article = w.a AND q.label = 'Quote') q CROSS JOIN edges m ON m.src = q.key AND m.type = 'MENTIONS' WHERE q.sp IS NOT NULL")

Pairs = Counter[tuple[str, str]]
Speakers = Counter[tuple[str, str, str]]  # (t, s, "statements" | "articles")


def parts(con: sqlite3.Connection, articles: Iterable[str]) -> tuple[Pairs, Speakers]:
    """The part of the maintained counts these articles make, from the graph as it is now.

    >>> from graphbuild.store.sqlite.schema import connect
    >>> parts(connect(":memory:"), ["nothing"])
    (Counter(), Counter())
    """
    con.execute("CREATE TEMP TABLE IF NOT EXISTS agg_todo (a TEXT PRIMARY KEY)")
    con.execute("DELETE FROM agg_todo")
    con.executemany("INSERT OR IGNORE INTO agg_todo VALUES (?)", ((a,) for a in articles))
    pairs: Pairs = Counter()
    ents: dict[str, set[str]] = {}
    for a, c in con.execute(_ARTICLE_ENTITIES):
        ents.setdefault(a, set()).add(c)
    for cs in ents.values():
        for t in cs:
            for c in cs:
                if t != c:
                    pairs[(t, c)] += 1
    said: dict[tuple[str, str, str], set[str]] = {}  # (article, t, s) -> statements
    for a, q, s, t in con.execute(_STATEMENT_MENTIONS):
        said.setdefault((a, t, s), set()).add(q)
    speakers: Speakers = Counter()
    for (_, t, s), qs in said.items():
        speakers[(t, s, "statements")] += len(qs)
        speakers[(t, s, "articles")] += 1
    return pairs, speakers


def apply(con: sqlite3.Connection, pairs: Pairs, speakers: Speakers) -> None:
    """Add these (signed) counts to the tables; rows that reach zero go."""
    con.executemany("INSERT INTO agg_comentions (t, c, n) VALUES (?, ?, ?) ON CONFLICT (t, c) DO UPDATE SET n = n + excluded.n",
                    [(t, c, n) for (t, c), n in pairs.items() if n])
    con.executemany("DELETE FROM agg_comentions WHERE t = ? AND c = ? AND n <= 0", [(t, c) for (t, c), n in pairs.items() if n < 0])
    rows: dict[tuple[str, str], list[int]] = {}
    for (t, s, what), n in speakers.items():
        rows.setdefault((t, s), [0, 0])[what == "articles"] += n
    changed = [(t, s, st, ar) for (t, s), (st, ar) in rows.items() if st or ar]
    con.executemany("INSERT INTO agg_speakers (t, s, statements, articles) VALUES (?, ?, ?, ?) ON CONFLICT (t, s) DO UPDATE SET "
                    "statements = statements + excluded.statements, articles = articles + excluded.articles", changed)
    con.executemany("DELETE FROM agg_speakers WHERE t = ? AND s = ? AND articles <= 0", [(t, s) for t, s, _, ar in changed if ar < 0])


class Tally:
    """The counts' difference a write transaction makes: `before(articles)` ahead of changing
    them, `commit()` at the end (see the module's doc)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.touched: set[str] = set()
        self.pairs: Pairs = Counter()
        self.speakers: Speakers = Counter()

    def before(self, articles: Iterable[str]) -> None:
        """Take away the part of these articles (each once per transaction), from the graph as it is now."""
        new = sorted(set(articles) - self.touched)
        if not new:
            return
        self.touched.update(new)
        pairs, speakers = parts(self.con, new)
        self.pairs.subtract(pairs)
        self.speakers.subtract(speakers)

    def before_link(self, src: str, type: str) -> None:
        """Ahead of adding or deleting a SAME_AS or ATTRIBUTED_TO link from `src`."""
        if type == SAME_AS:
            self.before(a for (a,) in self.con.execute(
                "SELECT coalesce(n.article, n.key) FROM edges e CROSS JOIN nodes n ON n.key = e.src "
                "WHERE e.dst = ? AND e.type = 'MENTIONS' AND n.label IN ('Article', 'Quote') "
                f"UNION SELECT q.article FROM nodes q WHERE q.speaker = ? AND q.label = 'Quote' "
                f"UNION SELECT q.article FROM edges e CROSS JOIN nodes q ON q.key = e.src WHERE e.dst = ? AND e.type = '{ATTRIBUTED_TO}'",
                (src, src, src)) if a)
        elif type == ATTRIBUTED_TO:
            self.before(a for (a,) in self.con.execute("SELECT article FROM nodes WHERE key = ? AND article IS NOT NULL", (src,)))

    def commit(self) -> None:
        """Add the part of every touched article as the graph is now, and write the difference."""
        if self.touched:
            pairs, speakers = parts(self.con, sorted(self.touched))
            self.pairs.update(pairs)
            self.speakers.update(speakers)
            apply(self.con, self.pairs, self.speakers)
        self.touched.clear()
        self.pairs.clear()
        self.speakers.clear()


def rebuild(con: sqlite3.Connection, chunk: int = 2000) -> None:
    """Compute the tables from every article (inside the caller's transaction) and mark them ready."""
    con.execute("DELETE FROM agg_comentions")
    con.execute("DELETE FROM agg_speakers")
    keys = [a for (a,) in con.execute("SELECT key FROM nodes WHERE label = 'Article' ORDER BY key")]
    for i in range(0, len(keys), chunk):
        apply(con, *parts(con, keys[i:i + chunk]))
    con.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, '1')", (READY,))


def ready(con: sqlite3.Connection) -> bool:
    """Whether the tables hold every article's part (a store made before them does not)."""
    try:
        return con.execute("SELECT 1 FROM meta WHERE name = ?", (READY,)).fetchone() is not None
    except sqlite3.Error:
        return False
