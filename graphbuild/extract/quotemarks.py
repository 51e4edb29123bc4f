"""Quote marks: pairing straight and curly double quotes paragraph by paragraph.

A quote left open at a paragraph end continues when the next paragraph opens with a quote mark
(the news convention); otherwise the candidate is skipped and noted. Never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_MARKS = "“„«‟"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
ALL_MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT



@dataclass
class QuoteSpan:
    """A pair of quote marks: `open` and `close` are the marks' offsets (close may be the
    paragraph end when the quote continues in the next paragraph)."""

    open: int
    close: int
    continues: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def scan_quotes(text: str) -> tuple[list[list[QuoteSpan]], list[tuple[int, str]]]:
    """Pair quote marks; returns groups of spans (a group continues across paragraphs) and notes
    on marks that could not be paired. Never raises on unbalanced marks.

    >>> groups, notes = scan_quotes('“One,” he said. “Two.\\n“Three.”\\nA stray ” mark.')
    >>> [[(s.open, s.close) for s in g] for g in groups], len(notes)
    ([[(0, 5)], [(16, 21), (22, 29)]], 1)
    >>> [[(s.open, s.close) for s in g] for g in scan_quotes('”Wrong mark first.” ― Ana Ruiz')[0]]
    [[(0, 18)]]
    """
    notes: list[tuple[int, str]] = []
    paras = _paragraphs(text)
    spans_by_para: list[list[QuoteSpan]] = []
    for k, (ps, pe) in enumerate(paras):
        spans: list[QuoteSpan] = []
        open_at: int | None = None
        # A paragraph quoting with curly marks uses a straight one for something else (inches...).
        curly = any(c in text[ps:pe] for c in OPEN_MARKS + CLOSE_MARKS)
        i = ps - 1
        while i + 1 < pe:
            i += 1
            ch = text[i]
            if ch == "'" and text[i + 1 : i + 2] == "'" and not curly:
                ch = STRAIGHT  # '' used as a double quote mark (newspaper archives)
                text_skip = True
            else:
                text_skip = False
            if ch == STRAIGHT and curly:
                continue
            if ch == STRAIGHT:
                if text_skip and open_at is None:
                    open_at = i
                    i += 1
                    continue
                if open_at is None:
                    open_at = i
                else:
                    spans.append(QuoteSpan(open_at, i))
                    open_at = None
            elif ch in OPEN_MARKS:
                if open_at is not None:
                    notes.append((open_at, "unbalanced quote mark: a new quote opens before it closes; candidate skipped"))
                open_at = i
            elif ch in CLOSE_MARKS:
                if open_at is None and not text[ps:i].strip() and text[i + 1 : i + 2].isalnum():
                    open_at = i  # ”Mr. Trump …” — a paragraph opened with the wrong mark (typesetting)
                elif open_at is None:
                    notes.append((i, "closing quote mark without an opening one; ignored"))
                else:
                    spans.append(QuoteSpan(open_at, i))
                    open_at = None
        if open_at is not None:
            nxt = text[paras[k + 1][0] : paras[k + 1][0] + 2] if k + 1 < len(paras) else ""
            if nxt and (nxt[0] in OPEN_MARKS + STRAIGHT or nxt == "''"):
                spans.append(QuoteSpan(open_at, pe, continues=True))
            else:
                notes.append((open_at, "unbalanced quote mark: no closing mark before the paragraph ends; candidate skipped"))
        spans_by_para.append(spans)
    groups: list[list[QuoteSpan]] = []
    carry: list[QuoteSpan] | None = None
    for spans in spans_by_para:
        for j, s in enumerate(spans):
            if carry is not None and j == 0:
                carry.append(s)
                group = carry
                carry = None
            else:
                if carry is not None:  # the continuation did not start the paragraph
                    groups.append(carry)
                    carry = None
                group = [s]
            if s.continues:
                carry = group
            else:
                groups.append(group)
        if carry is not None and not spans:
            groups.append(carry)
            carry = None
    if carry is not None:
        groups.append(carry)
    return groups, notes


