"""How a name the user types finds an entity, the same on every backend.

In order of preference (the best rank that matches wins; among equals, the most mentioned):

0. the entity's key ("Person:sreedhar kannan");
1. the normal form of its name or of an alias ("Ruiz's" -> "ruiz");
2. its last words: a surname ("Kannan" -> "Sreedhar Kannan", "lunar program");
3. its first words: a given name ("Sreedhar" -> "Sreedhar Kannan").

Entity nodes carry `norms`, the normal forms of their name and aliases. Neo4j keeps them as one
indexed string, `"|form|form|"` (`names_field`), so each rank is a `CONTAINS` on a text index.

>>> q = NameQuery.of("Kannan")
>>> q.rank(["sreedhar kannan"]), q.rank(["kannan"]), q.rank(["kannan sreedhar"]), q.rank(["china"])
(2, 1, 3, None)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import EntityRef, normal_name


def names_field(norms: Iterable[str]) -> str:
    """The indexed string of an entity's normal forms.

    >>> names_field(["ana ruiz", "ruiz"])
    '|ana ruiz|ruiz|'
    """
    return "|" + "".join(f"{n}|" for n in norms)


@dataclass(frozen=True)
class NameQuery:
    """A name as typed, with its normal form and the needles of each rank."""

    raw: str
    norm: str

    @classmethod
    def of(cls, name: str) -> NameQuery:
        """Normalise a name as typed."""
        return cls(name, normal_name(name))

    @property
    def key(self) -> str | None:
        """The name itself when it looks like a key ("Label:name")."""
        return self.raw if ":" in self.raw else None

    @property
    def needles(self) -> tuple[str, str, str] | None:
        """(exact, surname, given name) substrings of `names_field`, or None for an empty name."""
        if not self.norm:
            return None
        return f"|{self.norm}|", f" {self.norm}|", f"|{self.norm} "

    def rank(self, norms: Iterable[str]) -> int | None:
        """The best rank (1-3) at which this name matches an entity with these normal forms."""
        needles = self.needles
        if needles is None:
            return None
        field = names_field(norms)
        for rank, needle in enumerate(needles, start=1):
            if needle in field:
                return rank
        return None


def suggestions(name: str, candidates: Iterable[tuple[EntityRef, list[str]]], *, n: int = 5, cutoff: float = 0.75) -> list[EntityRef]:
    """The entities whose name, alias or one of their words is closest to `name` (typos included).

    >>> refs = [(EntityRef.from_key("Person:sreedhar kannan", "Sreedhar Kannan"), ["sreedhar kannan", "kannan"])]
    >>> [r.name for r in suggestions("Kanan", refs)]
    ['Sreedhar Kannan']
    """
    target = normal_name(name)
    if not target:
        return []
    scored: list[tuple[float, str, EntityRef]] = []
    for ref, norms in candidates:
        forms = set(norms) | {w for f in norms for w in f.split()}
        best = max((difflib.SequenceMatcher(None, target, f).ratio() for f in forms), default=0.0)
        if best >= cutoff:
            scored.append((best, ref.name, ref))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out: list[EntityRef] = []
    for _, _, ref in scored:
        if ref not in out:
            out.append(ref)
        if len(out) == n:
            break
    return out


def entity_norms(d: dict[str, Any]) -> list[str]:
    """The normal forms of an entity: those stored, and those of its name and aliases (a graph
    written before `norms` existed has none stored).

    >>> entity_norms({"name": "Ana Ruiz", "aliases": ["Ruiz"]})
    ['ana ruiz', 'ruiz']
    """
    forms = {*(d.get("norms") or []), normal_name(d.get("name", "")), *(normal_name(a) for a in d.get("aliases") or [])}
    return sorted(forms - {""})
