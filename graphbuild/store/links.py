"""Derived links (`SAME_AS`, `POSSIBLY_SAME`): what both backends share to replace them as a set,
writing only the difference (so an unchanged corpus writes nothing)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..model import LINK_TYPES, EdgeRow, StoreError

LinkId = tuple[str, str, str, str]  # (src, type, dst, key)


def checked_link_types(types: Sequence[str]) -> list[str]:
    """The types, when all are link types (else StoreError).

    >>> checked_link_types(["SAME_AS"])
    ['SAME_AS']
    """
    bad = [t for t in types if t not in LINK_TYPES]
    if bad:
        raise StoreError(f"not a link type: {', '.join(bad)} (one of {', '.join(LINK_TYPES)})")
    return list(types)


def link_diff(have: Iterable[tuple[LinkId, dict[str, Any]]], want: Sequence[EdgeRow], types: Sequence[str],
              exists: set[str] | None = None) -> tuple[list[LinkId], list[EdgeRow]]:
    """(links to delete, links to write) so that the links of `types` become `want`.

    Links whose ends are not in `exists` (when given) are dropped from `want`.

    >>> e = EdgeRow(src="a", type="SAME_AS", dst="b", props={"rule": "r"})
    >>> link_diff([], [e], ["SAME_AS"])[1] == [e]
    True
    """
    wanted: dict[LinkId, EdgeRow] = {}
    for e in want:
        if e.type not in types:
            raise StoreError(f"link {e.src} -[{e.type}]-> {e.dst} is not of the types being replaced")
        if exists is None or (e.src in exists and e.dst in exists):
            wanted[(e.src, e.type, e.dst, e.key)] = e
    stale: list[LinkId] = []
    same: set[LinkId] = set()
    for lid, props in have:
        w = wanted.get(lid)
        if w is not None and {k: v for k, v in props.items() if k != "key"} == w.props:
            same.add(lid)
        else:
            stale.append(lid)
    return sorted(stale), [wanted[k] for k in sorted(wanted) if k not in same]
