"""Entity mentions as the rules see them: token spans with a graph label and a canonical name."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ...model import EntityLabel, MentionKind, entity_key


@dataclass
class Mention:
    """A doc-level entity mention (token offsets).

    >>> Mention(0, 2, "Person", "Ana Ruiz").key
    'Person:ana ruiz'
    """

    start: int
    end: int
    label: EntityLabel
    name: str
    kind: MentionKind = "name"
    text: str = ""
    owner: Mention | None = None  # a Program's owner, when its noun phrase names it

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
