"""Site furniture, credits and titles: what of a page is the article, and what it says about itself.

Rules are general: donation and ad lines, comment policies, copyright lines, share/follow
prompts, lines repeated at the top and bottom of the page, and credit lines ("Source: X",
"Originally published by X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Run

_FURNITURE_START = re.compile(
    r"^(?:please\s+)?(?:support\s+(?:us|our)\b|donate\b|subscribe\b|sign\s+up\b|join\s+us\b|follow\s+us\b|"
    r"like\s+us\b|share\s+(?:this|on)\b|become\s+a\s+(?:patron|member|subscriber)\b|click\s+here\b|"
    r"read\s+more\b|related(?:\s+(?:articles?|stories|posts?))?\s*:|advertisement\b|sponsored\b|"
    r"tags?\s*:|filed\s+under\b|print\s+this\b|email\s+this\b|listen\s+to\s+this\b|"
    r"skip\s+to\s+(?:main\s+)?content\b|photo\s*:|image\s*:|getty\s+images\b)",
    re.IGNORECASE,
)
_FURNITURE_ANY = re.compile(
    r"(?:\bgo\s+ad[-\s]?free\b|\bcomment(?:ing|s)?\s+(?:rules|policy|guidelines)\b|"
    r"\bcomments\s+are\s+(?:closed|moderated)\b|\bleave\s+a\s+(?:comment|reply)\b|"
    r"\ball\s+rights\s+reserved\b|^\s*(?:©|\(c\)\s|copyright\b)|\bsubscribe\s+to\s+our\b|"
    r"\bsign\s+up\s+for\s+our\b|\bnewsletter\b.*\bsign\s+up\b|\bcookies?\s+(?:policy|settings)\b|"
    r"\bprivacy\s+policy\b|\bterms\s+of\s+(?:use|service)\b)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?:source|via|originally\s+published\s+(?:by|at|in|on)|"
    r"this\s+(?:article|story|piece)\s+(?:was\s+)?(?:originally\s+)?(?:appeared|published|first\s+appeared)\s+(?:on|in|at|by)|"
    r"republished\s+(?:from|with\s+permission\s+(?:from|of))|reprinted\s+(?:from|with\s+permission\s+(?:from|of)))"
    r"\s*:?\s*(?P<name>[^.!?]{1,80}?)\s*[.!]?$",
    re.IGNORECASE,
)
_NAME = r"(?P<name>[A-Z0-9][\w&'’.-]*(?:\s+(?:of|the|and|&|[A-Z0-9][\w&'’.-]*)){0,5})"
_PUBLISHER = [
    re.compile(r"^(?i:please\s+)?(?i:support|donate\s+to|become\s+a\s+(?:member|patron)\s+of)\s+" + _NAME + r"(?=\s*(?:[-–—|:!,]|$))"),
    re.compile(r"^(?i:please\s+)?(?i:subscribe\s+to)\s+" + _NAME + r"(?=\s*(?:[-–—|:!,.]|$))"),
    re.compile(r"^(?i:help\s+(?:keep|support|us\s+keep))\s+" + _NAME + r"\s+(?i:free|alive|going|independent)\b"),
    re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?" + _NAME, re.IGNORECASE),
]
_MD_HEADING = re.compile(r"#{1,6}\s+")
_MAX_FURNITURE_WORDS = 80
_MAX_START_WORDS = 20
_TITLE_MAX_WORDS = 30


@dataclass
class Cleaned:
    """The result of cleaning: content text with runs into the normalised text, plus metadata."""

    text: str
    runs: list[Run]
    title: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    publisher: str | None = None
    republished_from: str | None = None


def _strip_name(name: str) -> str:
    return name.strip().strip(" .,:;!-–—|")


def _is_furniture(line: str) -> bool:
    words = len(line.split())
    if words <= _MAX_START_WORDS and _FURNITURE_START.search(line):
        return True
    if words <= 10 and (_PUBLISHER[0].search(line) or _PUBLISHER[2].search(line)):  # "Support Daily Planet!"
        return True
    return words <= _MAX_FURNITURE_WORDS and bool(_FURNITURE_ANY.search(line))


def _publisher_from(line: str) -> str | None:
    for rx in _PUBLISHER:
        m = rx.search(line)
        if m:
            name = _strip_name(m.group("name"))
            if name and name.lower() not in {"us", "our", "this", "the"}:
                return name
    return None


def clean(text: str) -> Cleaned:
    """Split normalised text into content lines and furniture; find title, publisher and credits.

    >>> c = clean("Support Daily Planet - Go Ad-Free!\\n\\nBig News Today\\n\\nHe said so.\\n\\nSource: Wire")
    >>> (c.text, c.title, c.publisher, c.republished_from)
    ('Big News Today\\n\\nHe said so.', 'Big News Today', 'Daily Planet', 'Wire')
    """
    lines: list[tuple[int, int]] = []  # (start, end) of each line in text, without the newline
    pos = 0
    for m in re.finditer(r"\n", text):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, len(text)))

    stripped = [_MD_HEADING.sub("", text[s:e].strip(), count=1).strip() for s, e in lines]
    nonblank = [i for i, s in enumerate(stripped) if s]
    drop: set[int] = set()
    result = Cleaned(text="", runs=[])

    # Lines repeated at the top and the bottom of the page.
    head, tail = set(nonblank[:3]), set(nonblank[-6:])
    seen: dict[str, list[int]] = {}
    for i in nonblank:
        if len(stripped[i]) <= 200:
            seen.setdefault(stripped[i].casefold(), []).append(i)
    for line, idxs in seen.items():
        if 1 < len(idxs) <= 3 and len(line.split()) <= 20 and head.intersection(idxs) and tail.intersection(idxs):
            drop.update(idxs)

    for i in nonblank:
        line = stripped[i]
        credit = _CREDIT.match(line)
        if credit and len(credit.group("name").split()) <= 8:
            drop.add(i)
            result.republished_from = result.republished_from or _strip_name(credit.group("name"))
            continue
        if i in drop or _is_furniture(line):
            drop.add(i)
            result.publisher = result.publisher or _publisher_from(line)

    for i in sorted(drop):
        if stripped[i] and stripped[i] not in result.boilerplate:
            result.boilerplate.append(stripped[i])

    # Content: kept lines, blank-line runs collapsed to one paragraph break.
    out: list[str] = []
    runs: list[Run] = []
    o = 0
    pending_break = False
    for i, (s, e) in enumerate(lines):
        if i in drop or not stripped[i]:
            pending_break = pending_break or bool(out)
            continue
        if out:
            sep = "\n\n" if pending_break else "\n"
            out.append(sep)
            o += len(sep)
        pending_break = False
        line = text[s:e]
        ls = len(line) - len(line.lstrip())
        heading = _MD_HEADING.match(line[ls:])  # Markdown "# Title": keep the words only
        if heading:
            ls += heading.end()
        seg = line[ls:].rstrip()
        runs.append((o, s + ls, len(seg)))
        out.append(seg)
        o += len(seg)
    result.text = "".join(out)
    result.runs = runs
    if out:
        first = out[0]
        if len(first.split()) <= _TITLE_MAX_WORDS:
            result.title = first.strip()
        else:
            result.title = " ".join(first.split()[:12]) + "…"
    return result
