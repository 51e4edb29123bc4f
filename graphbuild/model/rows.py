"""Graph rows: the nodes and edges one article contributes, as every backend consumes them.

`graphbuild.graph.to_rows` is the one mapping from records to rows; stores MERGE the rows on
their deterministic keys and validate them (`GraphRows.check`) before writing anything.

>>> GraphRows(article="a", nodes=[NodeRow(key="a", label="Article")]).check().article
'a'
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .vocab import EDGE_TYPES, NODE_LABELS, OWN_LABELS

PropValue = str | int | float | bool | None | list[str]


class NodeRow(BaseModel):
    """One node to MERGE on `key`."""

    model_config = ConfigDict(extra="forbid")
    key: str
    label: str
    props: dict[str, PropValue] = Field(default_factory=dict)


class EdgeRow(BaseModel):
    """One relationship to MERGE on (src, type, dst, key)."""

    model_config = ConfigDict(extra="forbid")
    src: str
    type: str
    dst: str
    key: str = Field(default="", description="Distinguishes parallel edges of one type (e.g. two titles).")
    props: dict[str, PropValue] = Field(default_factory=dict)


class GraphRows(BaseModel):
    """All rows one article contributes; a store writes them all or none."""

    model_config = ConfigDict(extra="forbid")
    article: str
    content_hash: str = ""
    extractor: str = ""
    nodes: list[NodeRow] = Field(default_factory=list)
    edges: list[EdgeRow] = Field(default_factory=list)

    def check(self) -> GraphRows:
        """Validate labels and types against the vocabulary, that every edge end exists, and
        that every shared node (not the article's own, `OWN_LABELS`) has an edge from the
        article's node: a store may read a shared node's provenance from those edges.

        Raises ValueError. Stores call this before writing anything.
        """
        keys = {n.key for n in self.nodes}
        for n in self.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
        for e in self.edges:
            if e.type not in EDGE_TYPES:
                raise ValueError(f"unknown relationship type {e.type!r}")
            if e.src not in keys or e.dst not in keys:
                raise ValueError(f"edge {e.src} -[{e.type}]-> {e.dst} has an end that is not in the rows")
        linked = {e.dst for e in self.edges if e.src == self.article}
        for n in self.nodes:
            if n.label not in OWN_LABELS and n.key not in linked:
                raise ValueError(f"node {n.key} has no edge from its article's node {self.article}")
        return self


def check_batch(batch: list[GraphRows]) -> None:
    """Validate every article's rows of a batch (ValueError naming the article), before any write.

    >>> check_batch([GraphRows(article="a")])
    """
    for rows in batch:
        try:
            rows.check()
        except ValueError as e:
            raise ValueError(f"rows of article {rows.article} rejected: {e}") from e
