"""The SQLite store's tables (docs/STORES.md): nodes and edges with their properties as JSON,
provenance (which articles a node or edge comes from) in tables of its own, so writing an
article never rewrites a hub's growing list, and the indexes every query uses.

`statements` (a view) and `statements_fts` (full-text search over statement text) are there for
people browsing the file with Datasette or the sqlite3 shell.

>>> import sqlite3
>>> con = connect(":memory:")
>>> sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%'"))
['agg_comentions', 'agg_speakers', 'counts', 'edge_articles', 'edges', 'meta', 'names', 'node_articles', 'nodes', 'statements_fts']
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ...model import ENTITY_LABELS, StoreError
from .aggregates import READY, TABLES

FORMAT = "graphbuild-sqlite/1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  props TEXT NOT NULL,            -- JSON object, without the `articles` provenance
  article TEXT,                   -- a statement's article
  speaker TEXT,                   -- a statement's speaker key
  text TEXT,                      -- a statement's text (full-text search)
  published TEXT,                 -- a statement's article date ('' when unknown): answer order
  start INTEGER,                  -- a statement's position in its article
  said TEXT,                      -- a statement's own date (said_on), when known
  weight INTEGER NOT NULL DEFAULT 0  -- an entity's mentions: the sum of its MENTIONS counts
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label, key);
CREATE INDEX IF NOT EXISTS nodes_article ON nodes (article) WHERE article IS NOT NULL;
CREATE INDEX IF NOT EXISTS nodes_speaker ON nodes (speaker) WHERE speaker IS NOT NULL;
CREATE INDEX IF NOT EXISTS nodes_quote_order ON nodes (published, article, start, key) WHERE label = 'Quote';
CREATE INDEX IF NOT EXISTS nodes_speaker_order ON nodes (speaker, published, article, start, key) WHERE label = 'Quote' AND speaker IS NOT NULL;
CREATE INDEX IF NOT EXISTS nodes_quote_said ON nodes (said) WHERE label = 'Quote' AND said IS NOT NULL;
CREATE TABLE IF NOT EXISTS edges (
  src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL,
  props TEXT NOT NULL,            -- JSON object, without `articles`
  PRIMARY KEY (src, type, dst, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst, type, src);
CREATE INDEX IF NOT EXISTS edges_type ON edges (type);
CREATE TABLE IF NOT EXISTS node_articles (key TEXT NOT NULL, article TEXT NOT NULL, PRIMARY KEY (key, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_articles_article ON node_articles (article);
CREATE TABLE IF NOT EXISTS edge_articles (
  src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL, article TEXT NOT NULL,
  PRIMARY KEY (src, type, dst, key, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_articles_article ON edge_articles (article);
CREATE TABLE IF NOT EXISTS names (norm TEXT NOT NULL, key TEXT NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,
  PRIMARY KEY (norm, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_first ON names (first);
CREATE INDEX IF NOT EXISTS names_last ON names (last);
CREATE INDEX IF NOT EXISTS names_key ON names (key);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5 (text, content = 'nodes', content_rowid = 'rowid');
CREATE TRIGGER IF NOT EXISTS nodes_fts_insert AFTER INSERT ON nodes WHEN new.text IS NOT NULL BEGIN
  INSERT INTO statements_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS nodes_fts_delete AFTER DELETE ON nodes WHEN old.text IS NOT NULL BEGIN
  INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER IF NOT EXISTS nodes_fts_update AFTER UPDATE OF text ON nodes BEGIN
  INSERT INTO statements_fts (statements_fts, rowid, text) SELECT 'delete', old.rowid, old.text WHERE old.text IS NOT NULL;
  INSERT INTO statements_fts (rowid, text) SELECT new.rowid, new.text WHERE new.text IS NOT NULL;
END;
CREATE TABLE IF NOT EXISTS counts (kind TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (kind, name));
CREATE TRIGGER IF NOT EXISTS nodes_count_insert AFTER INSERT ON nodes BEGIN
  INSERT INTO counts VALUES ('label', new.label, 1) ON CONFLICT (kind, name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS nodes_count_delete AFTER DELETE ON nodes BEGIN
  UPDATE counts SET n = n - 1 WHERE kind = 'label' AND name = old.label;
END;
CREATE TRIGGER IF NOT EXISTS edges_count_insert AFTER INSERT ON edges BEGIN
  INSERT INTO counts VALUES ('type', new.type, 1) ON CONFLICT (kind, name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS edges_count_delete AFTER DELETE ON edges BEGIN
  UPDATE counts SET n = n - 1 WHERE kind = 'type' AND name = old.type;
END;
CREATE VIEW IF NOT EXISTS statements AS
  SELECT q.rowid AS rowid, q.key AS id, q.text AS text, json_extract(q.props, '$.kind') AS kind,
         json_extract(q.props, '$.speaker_name') AS speaker_name, q.speaker AS speaker,
         json_extract(q.props, '$.cue') AS cue, json_extract(q.props, '$.framing') AS framing,
         json_extract(q.props, '$.said_on') AS said_on, q.article AS article,
         json_extract(a.props, '$.title') AS article_title, json_extract(a.props, '$.published') AS published,
         json_extract(a.props, '$.outlet') AS outlet, json_extract(q.props, '$.evidence') AS evidence
  FROM nodes q LEFT JOIN nodes a ON a.key = q.article WHERE q.label = 'Quote';
CREATE VIEW IF NOT EXISTS entities AS
  SELECT key, label, json_extract(props, '$.name') AS name, json_extract(props, '$.aliases') AS aliases, weight AS mentions
  FROM nodes WHERE label IN ({entity_labels});
""".replace("{entity_labels}", ", ".join(f"'{label}'" for label in ENTITY_LABELS)) + TABLES


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and for a writer, create) the store's database: WAL journal, the schema in place.

    >>> connect(":memory:").execute("PRAGMA foreign_keys").fetchone()
    (0,)
    """
    if readonly:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    else:
        con = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 30000")
    if not readonly:
        _check_foreign(con, path)
        if str(path) != ":memory:":
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        new = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None
        con.executescript(SCHEMA)
        con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('format', ?)", (FORMAT,))
        if new:  # an empty graph: the maintained counts are complete (an older file gets them at its first write)
            con.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?, '1')", (READY,))
    return con


def _check_foreign(con: sqlite3.Connection, path: str | Path) -> None:
    """Refuse (StoreError, the file left untouched) a SQLite database of another application or format."""
    try:
        tables = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        fmt = con.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() if "meta" in tables else None
    except sqlite3.DatabaseError as e:
        con.close()
        raise StoreError(f"{path} is not a usable SQLite database ({e}); it was left as it is") from e
    if tables and (fmt is None or fmt[0] != FORMAT):
        con.close()
        what = f"format {fmt[0]!r}, expected {FORMAT!r}" if fmt else f"tables {', '.join(tables[:5])}"
        raise StoreError(f"{path} is a SQLite database but not a graphbuild store ({what}); it was left as it is: "
                         "give another --store path")
