"""Deterministic identities: decided before any store, so re-runs merge instead of duplicating.

>>> entity_key("Person", "Ana  Ruiz’s")
'Person:ana ruiz'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_NON_WORD = re.compile(r"[^\w&+ ]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def normal_name(name: str) -> str:
    """The normal form used for keys and for comparing names.

    Unicode NFKC, casefolded, curly apostrophes straightened, a leading "the" and a trailing
    possessive removed, hyphens and punctuation turned into spaces, whitespace collapsed.

    >>> normal_name("The Vice-Premier’s")
    'vice premier'
    """
    s = unicodedata.normalize("NFKC", name).translate(_APOS).strip()
    s = _POSSESSIVE.sub("", s)
    s = s.replace("-", " ").replace(".", "")
    s = _NON_WORD.sub(" ", s.casefold())
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def entity_key(label: str, name: str) -> str:
    """`"<Label>:<normal name>"`, the merge key of an entity node.

    >>> entity_key("Country", "Russia")
    'Country:russia'
    """
    return f"{label}:{normal_name(name)}"


def _digest(*parts: str, n: int = 16) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:n]


def content_hash(text: str) -> str:
    """SHA-256 (hex) of an article's normalised content.

    >>> len(content_hash("abc"))
    64
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def article_id(text: str, url: str | None = None) -> str:
    """`art_<16 hex>` from the URL when there is one, else from the normalised text.

    >>> article_id("same text") == article_id("same text")
    True
    """
    return "art_" + (_digest("url", url) if url else _digest("text", text))


def statement_id(article: str, start: int, end: int) -> str:
    """`q_<16 hex>` from the article id and the statement's character span.

    >>> statement_id("art_1", 0, 10) == statement_id("art_1", 0, 10)
    True
    """
    return "q_" + _digest(article, str(start), str(end))


def outlet_key(name: str) -> str:
    """Merge key of a publisher or original source.

    >>> outlet_key("Forbes")
    'Outlet:forbes'
    """
    return entity_key("Outlet", name)


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text as claim and republication matching compare them: NFKC, casefolded,
    apostrophes dropped ("don’t" -> "dont"), punctuation and quote marks ignored.

    >>> words("“We’re done,” she said.")
    ['were', 'done', 'she', 'said']
    """
    s = unicodedata.normalize("NFKC", text).casefold().replace("’", "").replace("'", "")
    return _WORD.findall(s)


def text_sketch(text: str, *, k: int = 64, n: int = 5) -> tuple[str, ...]:
    """The `k` smallest hashes (16 hex digits) of the text's word `n`-grams, sorted: a bottom-k
    sketch whose overlap with another text's estimates how much of the words they share.

    >>> len(text_sketch(" ".join(f"w{i}" for i in range(100))))
    64
    """
    w = words(text)
    grams = {" ".join(w[i : i + n]) for i in range(len(w) - n + 1)}
    return tuple(sorted(hashlib.blake2b(g.encode("utf-8"), digest_size=8).hexdigest() for g in grams)[:k])
