"""The graph's vocabulary: entity and node labels, relationship types, statement and mention kinds.

Stores check labels and types against these tuples before any of them enters query text.

>>> "Quote" in NODE_LABELS and "SAID" in EDGE_TYPES
True
"""

from __future__ import annotations

from typing import Literal

EntityLabel = Literal["Person", "Organization", "Country", "Program", "Location"]
ENTITY_LABELS: tuple[str, ...] = ("Person", "Organization", "Country", "Program", "Location")
_ENTITY_LABELS: dict[str, EntityLabel] = {"Person": "Person", "Organization": "Organization", "Country": "Country",
                                          "Program": "Program", "Location": "Location"}
NODE_LABELS: tuple[str, ...] = ("Article", "Outlet", *ENTITY_LABELS, "Quote")
EDGE_TYPES: tuple[str, ...] = ("SAID", "IN", "MENTIONS", "HOLDS_ROLE", "RUN_BY", "PUBLISHED_BY", "REPUBLISHED_FROM",
                                "SAME_AS", "POSSIBLY_SAME", "REPEATS", "REPUBLISHES", "ATTRIBUTED_TO")

StatementKind = Literal["direct", "indirect", "mixed"]
Framing = Literal["neutral", "assertion", "denial", "admission", "accusation", "promise", "warning", "question", "position",
                  "belief", "evidence", "characterisation", "other"]
TimePrecision = Literal["day", "week", "month", "year"]
FRAMINGS: tuple[str, ...] = ("neutral", "assertion", "denial", "admission", "accusation", "promise", "warning", "question",
                             "position", "belief", "evidence", "characterisation", "other")
STATEMENT_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
MentionKind = Literal["name", "surname", "title", "pronoun", "demonym", "description"]
RelationType = Literal["HOLDS_ROLE", "RUN_BY"]

# Node and edge properties whose values are merged as sets across articles (all others: last
# write wins). `norms` holds the normal forms of an entity's name and aliases (name lookups).
SET_PROPS = frozenset({"articles", "aliases", "norms"})
# Nodes that belong to one article only (its Article node, its Quotes). Every other node (an
# entity, an outlet) is shared between articles, and each article that contributes it has an
# edge to it from its Article node (`graphbuild.graph.to_rows`): a store may read a shared
# node's `articles` from those edges instead of keeping a list on the node.
OWN_LABELS = frozenset({"Article", "Quote"})


def entity_label(name: str) -> EntityLabel:
    """The entity label named `name` (or the label of an entity key), or ValueError.

    >>> entity_label("Person:ana ruiz")
    'Person'
    """
    label = name.split(":", 1)[0]
    if label not in _ENTITY_LABELS:
        raise ValueError(f"unknown entity label {label!r}; one of {', '.join(ENTITY_LABELS)}")
    return _ENTITY_LABELS[label]
