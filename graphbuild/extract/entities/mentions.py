"""Entity mentions as the rules see them: token spans with a graph label and a canonical name."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...model import entity_key


@dataclass
class Mention:
    """A doc-level entity mention (token offsets).

    >>> Mention(0, 2, "Person", "Ana Ruiz").key
    'Person:ana ruiz'
    """

    start: int
    end: int
    label: str
    name: str
    kind: str = "name"
    text: str = ""
    owner: str | None = None  # Program owner (entity key), when the phrase shows it
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return entity_key(self.label, self.name)


def token_mention(mentions: list[Mention]) -> dict[int, Mention]:
    """Index: token index -> the mention covering it.

    >>> sorted(token_mention([Mention(2, 4, "Person", "Ana Ruiz")]))
    [2, 3]
    """
    return {i: m for m in mentions for i in range(m.start, m.end)}


def span_text(doc: Doc, s: int, e: int) -> str:
    """The text of tokens [s, e), or "" for an empty span."""
    return doc[s:e].text if e > s else ""
