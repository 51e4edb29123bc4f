"""The SQLite store as a `GraphView`: every lookup one indexed SELECT. Nodes and canonical keys
are cached until the file changes (this process's writes, or another's: `PRAGMA data_version`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from ...model import ATTRIBUTED_TO, SAME_AS, QuoteQuery, Stats
from ..view import count_speakers
from .aggregates import CANON, SPEAKER, ready

CACHE_MAX = 200_000  # cached nodes before the cache starts again (memory stays bounded)


class SQLiteView:
    """Lookups on a SQLite store's connection (see `graphbuild.store.view.GraphView`).

    >>> from graphbuild.store.sqlite.schema import connect
    >>> con = connect(":memory:")
    >>> SQLiteView(lambda: con).node("Person:ana ruiz") is None
    True
    """

    def __init__(self, con: Callable[[], sqlite3.Connection]) -> None:
        self._con = con
        self._own = 0  # this process's writes
        self._seen: tuple[int, int, int] | None = None
        self._nodes: dict[str, dict[str, Any] | None] = {}
        self._canon: dict[str, str] = {}
        self._counted: bool | None = None

    def changed(self) -> None:
        """Called after every write of this process: caches start again."""
        self._own += 1
        self._fresh()

    def _fresh(self) -> sqlite3.Connection:
        con = self._con()
        now = (id(con), self._own, con.execute("PRAGMA data_version").fetchone()[0])
        if now != self._seen or len(self._nodes) > CACHE_MAX:
            self._nodes.clear()
            self._canon.clear()
            self._counted = None
            self._seen = now
        return con

    @property
    def version(self) -> int:
        """Changes whenever the file changed."""
        self._fresh()
        return hash(self._seen)

    def node(self, key: str) -> dict[str, Any] | None:
        """A node's label and properties, or None."""
        con = self._fresh()
        if key not in self._nodes:
            row = con.execute("SELECT label, CASE label WHEN 'Article' THEN json_remove(props, '$.text', '$.boilerplate', '$.sketch') "
                              "ELSE props END FROM nodes WHERE key = ?", (key,)).fetchone()
            self._nodes[key] = {"label": row[0], **json.loads(row[1])} if row else None
        return self._nodes[key]

    def out(self, key: str, type: str) -> list[tuple[str, dict[str, Any]]]:
        """Outgoing edges of one type (the primary key's prefix)."""
        rows = self._con().execute("SELECT dst, props FROM edges WHERE src = ? AND type = ?", (key, type))
        return [(d, {"type": type, **json.loads(p)}) for d, p in rows]

    def inc(self, key: str, type: str) -> list[tuple[str, dict[str, Any]]]:
        """Incoming edges of one type (`edges_dst`)."""
        rows = self._con().execute("SELECT src, props FROM edges WHERE dst = ? AND type = ?", (key, type))
        return [(s, {"type": type, **json.loads(p)}) for s, p in rows]

    def typed(self, type: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Every edge of one type (`edges_type`)."""
        rows = self._con().execute("SELECT src, dst, props FROM edges WHERE type = ?", (type,))
        return [(s, d, {"type": type, **json.loads(p)}) for s, d, p in rows]

    def labelled(self, key: str, label: str) -> bool:
        """True when the node exists with this label."""
        d = self.node(key)
        return d is not None and d["label"] == label

    def keys(self, label: str) -> list[str]:
        """Every key of a label, sorted (`nodes_label`)."""
        return [k for (k,) in self._con().execute("SELECT key FROM nodes WHERE label = ? ORDER BY key", (label,))]

    def name_candidates(self, norm: str) -> dict[str, list[str]]:
        """Entities matching a normal form exactly, by its last word or by its first (`names`)."""
        words = norm.split()
        con = self._con()
        keys = [k for (k,) in con.execute("SELECT key FROM names WHERE norm = ? UNION SELECT key FROM names WHERE last = ? "
                                          "UNION SELECT key FROM names WHERE first = ?", (norm, words[-1], words[0]))]
        out: dict[str, list[str]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            for k, n in con.execute(f"SELECT key, norm FROM names WHERE key IN ({','.join('?' * len(chunk))}) ORDER BY key, norm", chunk):
                out.setdefault(k, []).append(n)
        return out

    def canon(self, key: str) -> str:
        """The canonical entity of a variant (its SAME_AS link)."""
        con = self._fresh()
        if key not in self._canon:
            row = con.execute("SELECT dst FROM edges WHERE src = ? AND type = ? ORDER BY dst LIMIT 1", (key, SAME_AS)).fetchone()
            self._canon[key] = row[0] if row else key
        return self._canon[key]

    def weight(self, key: str) -> int:
        """The entity's mentions, kept up to date by every write (`nodes.weight`)."""
        row = self._con().execute("SELECT weight FROM nodes WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def stats(self) -> Stats:
        """Counts per label and per edge type, kept by triggers (`counts`)."""
        con = self._con()
        labels = {k: n for k, n in con.execute("SELECT name, n FROM counts WHERE kind = 'label' AND n > 0 ORDER BY name")}
        types = {k: n for k, n in con.execute("SELECT name, n FROM counts WHERE kind = 'type' AND n > 0 ORDER BY name")}
        return Stats(nodes=sum(labels.values()), edges=sum(types.values()), labels=labels, types=types)

    def entity_norms(self) -> Iterator[tuple[str, list[str]]]:
        """Every entity with its normal forms, by key."""
        key, norms = None, []
        for k, n in self._con().execute("SELECT key, norm FROM names ORDER BY key, norm"):
            if k != key and key is not None:
                yield key, norms
                norms = []
            key = k
            norms.append(n)
        if key is not None:
            yield key, norms

    def quote_keys(self, speakers: list[str] | None, about: list[str] | None, q: QuoteQuery) -> list[str]:
        """The statements a quotes query answers with, in order: one SELECT, filtered, sorted and
        limited by SQLite (from the speaker's and topic's edges, or the `nodes_quote_order` index)."""
        ctes, joins, args = [], [], []
        if speakers is not None:
            marks = ",".join("?" * len(speakers))
            ctes.append(f"sp(key) AS (SELECT dst FROM edges WHERE type = 'SAID' AND src IN ({marks}) "
                        f"UNION SELECT src FROM edges WHERE type = '{ATTRIBUTED_TO}' AND dst IN ({marks}))")
            args += [*speakers, *speakers]
            joins.append("sp")
        if about is not None:
            ctes.append(f"ab(key) AS (SELECT src FROM edges WHERE type = 'MENTIONS' AND dst IN ({','.join('?' * len(about))}))")
            args += about
            joins.append("ab")
        where: list[str] = ["n.label = 'Quote'"]
        wargs: list[Any] = []
        if q.kind:
            where.append("json_extract(n.props, '$.kind') = ?")
            wargs.append(q.kind)
        if q.article:
            where.append("n.article = ?")
            wargs.append(q.article)
        if q.framing:
            where.append("coalesce(nullif(json_extract(n.props, '$.framing'), ''), 'neutral') = ?")
            wargs.append(q.framing)
        when = "coalesce(nullif(n.said, ''), nullif(n.published, ''), '')"
        if q.until:
            where.append(f"{when} != '' AND {when} < ?")
            wargs.append(q.until)
        if len(joins) == 2:
            ctes.append("cand(key) AS (SELECT key FROM sp INTERSECT SELECT key FROM ab)")
        # From the candidates when a speaker or topic is asked (CROSS JOIN keeps that order), else by the index.
        source = f"{'cand' if len(joins) == 2 else joins[0]} AS c CROSS JOIN nodes n ON n.key = c.key" if joins else "nodes n"
        head = ("WITH " + ", ".join(ctes) + " ") if ctes else ""
        order = " ORDER BY n.published, n.article, n.start, n.key" + (" LIMIT ?" if q.limit else "")

        def run(extra: list[str], xargs: list[Any], limit: int | None, index: str = "nodes_quote_order") -> list[str]:
            src = source if joins else f"nodes n INDEXED BY {index}"  # the order (or the date range) from an index
            sql = f"{head}SELECT n.key FROM {src} WHERE {' AND '.join(where + extra)}{order}"
            return [k for (k,) in self._con().execute(sql, [*args, *wargs, *xargs, *([limit] if q.limit else [])])]

        if joins == ["sp"] and q.limit:
            return self._by_speaker(speakers or [], where, wargs, [f"{when} >= ?"] if q.since else [], [q.since] if q.since else [], q.limit)
        if not q.since:
            return run([], [], q.limit)
        if joins:
            return run([f"{when} >= ?"], [q.since], q.limit)
        # All statements since a date, in order: those published before it but said after it (few,
        # through `nodes_quote_said`) come first, then a range of `nodes_quote_order`.
        early = run(["n.said >= ?", "n.published < ?"], [q.since, q.since], q.limit, index="nodes_quote_said")
        if q.limit and len(early) >= q.limit:
            return early
        return early + run(["n.published >= ?", "(coalesce(n.said, '') = '' OR n.said >= ?)"], [q.since, q.since],
                           q.limit - len(early) if q.limit else None)

    def _by_speaker(self, speakers: list[str], where: list[str], wargs: list[Any], extra: list[str], xargs: list[Any],
                    limit: int) -> list[str]:
        """The first `limit` statements of `speakers` in answer order: per speaker, a range of
        `nodes_speaker_order` read until `limit` rows pass the filters (a hub's 100,000
        statements are not all read), and the few statements ATTRIBUTED_TO them; merged."""
        cond = " AND ".join(where + extra)
        order = "ORDER BY n.published, n.article, n.start, n.key"
        parts = [f"SELECT * FROM (SELECT n.key, n.published, n.article, n.start FROM nodes n INDEXED BY nodes_speaker_order "
                 f"WHERE n.speaker = ? AND {cond} AND EXISTS (SELECT 1 FROM edges s WHERE s.src = n.speaker AND s.type = 'SAID' "
                 f"AND s.dst = n.key) {order} LIMIT ?)" for _ in speakers]
        marks = ",".join("?" * len(speakers))
        parts.append(f"SELECT * FROM (SELECT n.key, n.published, n.article, n.start FROM edges e CROSS JOIN nodes n ON n.key = e.src "
                     f"WHERE e.type = '{ATTRIBUTED_TO}' AND e.dst IN ({marks}) AND {cond} {order} LIMIT ?)")
        args = [x for sp in speakers for x in (sp, *wargs, *xargs, limit)] + [*speakers, *wargs, *xargs, limit]
        sql = " UNION ".join(parts) + " ORDER BY 2, 3, 4, 1 LIMIT ?"
        return [k for k, *_ in self._con().execute(sql, [*args, limit])]

    def _kept(self, members: list[str]) -> bool:
        """Whether the maintained counts answer for `members` (an entity, canonical, and its variants)."""
        con = self._fresh()
        if self._counted is None:
            self._counted = ready(con)
        return self._counted and self.canon(members[0]) == members[0]

    def speaker_counts(self, about: list[str]) -> dict[str, tuple[int, int]]:
        """Statements and articles per canonical speaker of the statements mentioning `about`:
        the maintained counts' rows for the entity, else one SELECT over its mentions."""
        if self._kept(about):
            return {s: (n, a) for s, n, a in self._con().execute(
                "SELECT s, statements, articles FROM agg_speakers WHERE t = ?", (about[0],))}
        marks = ",".join("?" * len(about))
        return count_speakers(self, self._con().execute(
            f"SELECT q, sp, article FROM (SELECT e.src AS q, n.article AS article, {SPEAKER.format(q='n')} AS sp FROM edges e "
            f"CROSS JOIN nodes n ON n.key = e.src WHERE e.dst IN ({marks}) AND e.type = 'MENTIONS' AND n.label = 'Quote') WHERE sp IS NOT NULL",
            about).fetchall())

    def comention_counts(self, members: list[str]) -> dict[str, int]:
        """Shared articles per co-mentioned canonical entity: the maintained counts' rows for the
        entity, else one SELECT over its articles."""
        if self._kept(members):
            return dict(self._con().execute("SELECT c, n FROM agg_comentions WHERE t = ?", (members[0],)).fetchall())
        marks = ",".join("?" * len(members))
        rows = self._con().execute(
            "WITH arts(a) AS (SELECT DISTINCT e.src FROM edges e CROSS JOIN nodes n ON n.key = e.src "
            f"WHERE e.dst IN ({marks}) AND e.type = 'MENTIONS' AND n.label = 'Article') "
            f"SELECT c, count(*) FROM (SELECT DISTINCT arts.a, {CANON.format(x='m.dst')} AS c FROM arts CROSS JOIN edges m "
            "ON m.src = arts.a AND m.type = 'MENTIONS') GROUP BY c", members)
        return dict(rows.fetchall())

    def mentioning_articles(self, members: list[str]) -> list[tuple[str, int, str | None, str | None]]:
        """The articles mentioning `members`, with counts, titles and dates: one SELECT."""
        marks = ",".join("?" * len(members))
        return [(a, int(c or 0), t, p) for a, c, t, p in self._con().execute(
            "SELECT e.src, json_extract(e.props, '$.count'), json_extract(a.props, '$.title'), json_extract(a.props, '$.published') "
            f"FROM edges e CROSS JOIN nodes a ON a.key = e.src WHERE e.dst IN ({marks}) AND e.type = 'MENTIONS' AND a.label = 'Article'",
            members)]

    def degree(self, key: str, type: str, *, incoming: bool = False) -> int:
        """Edges of one type at a node: a count on an index."""
        col = "dst" if incoming else "src"
        return int(self._con().execute(f"SELECT count(*) FROM edges WHERE {col} = ? AND type = ?", (key, type)).fetchone()[0])

    def count_mentioning_statements(self, members: list[str]) -> int:
        """MENTIONS edges from statements to `members`: one count."""
        marks = ",".join("?" * len(members))
        return int(self._con().execute(
            f"SELECT count(*) FROM edges e CROSS JOIN nodes n ON n.key = e.src WHERE e.dst IN ({marks}) AND e.type = 'MENTIONS' "
            "AND n.label = 'Quote'", members).fetchone()[0])
