"""Curation: the researcher's corrections, applied to the records of every build and refresh.

A TOML file the researcher edits (see `docs/CURATION.md`)::

    [[same_as]]                      # merge entities: every `merge` becomes `keep`
    keep = "Person:Donald Trump"
    merge = ["Person:Trump", "Person:Donald J. Trump"]

    [[not_same_as]]                  # keep apart what the rules would merge
    entity = "Person:Hillary Clinton"
    name = "Clinton"                 # this name, used alone, is not Hillary Clinton

    [[speaker]]                      # re-attribute a statement (by id, or by quote text)
    statement = "q_0123456789abcdef"
    speaker = "Person:Bill Clinton"  # "" for no speaker

    [[aliases]]
    entity = "Person:Donald Trump"
    add = ["The Donald"]

Entities are written `Label:Name` (the label is one of Person, Organization, Country, Program,
Location). Curation works on records (between extraction and graph rows), so it holds however an
article changes: a statement picked by `quote` text (optionally with `article`) follows the
words, not the offsets.

>>> c = Curation.parse('[[same_as]]\\nkeep = "Person:Ana Ruiz"\\nmerge = ["Person:Ruiz"]')
>>> c.same_as
{'Person:ruiz': ('Person:ana ruiz', 'Ana Ruiz')}
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import (
    ENTITY_LABELS,
    ConfigError,
    Entity,
    Extraction,
    entity_key,
    entity_label,
    normal_name,
)

__all__ = ["Curation", "load_curation"]


def _entries(data: dict[str, Any], section: str, source: str) -> list[dict[str, Any]]:
    """The tables of a `[[section]]` array, or ConfigError when the file gives it another shape.

    >>> _entries({"speaker": [{"quote": "x"}]}, "speaker", "c.toml")
    [{'quote': 'x'}]
    """
    entries = data.get(section, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{source}: '{section}' must be a list of [[{section}]] tables")
    return entries


def _ref(value: Any, where: str) -> tuple[str, str]:
    """'Label:Name' -> (key, display name)."""
    if not isinstance(value, str) or ":" not in value:
        raise ConfigError(f"{where}: expected 'Label:Name' (e.g. 'Person:Ana Ruiz'), got {value!r}")
    label, _, name = value.partition(":")
    label = label.strip().capitalize() if label.strip().lower() != "organization" else "Organization"
    if label not in ENTITY_LABELS or not name.strip():
        raise ConfigError(f"{where}: unknown entity label {label!r} (one of {', '.join(ENTITY_LABELS)})")
    return entity_key(label, name.strip()), name.strip()


@dataclass
class Curation:
    """Parsed curation rules. `digest` changes whenever the rules do."""

    same_as: dict[str, tuple[str, str]] = field(default_factory=dict)  # merged key -> (keep key, keep name)
    not_same_as: list[tuple[str, str]] = field(default_factory=list)  # (entity key, normal surface name)
    speakers: list[dict[str, Any]] = field(default_factory=list)  # {statement|quote, article, speaker}
    aliases: dict[str, list[str]] = field(default_factory=dict)  # key -> names to add
    digest: str = ""

    @classmethod
    def parse(cls, text: str, *, source: str = "curation") -> Curation:
        """Parse TOML text; raises ConfigError naming the bad entry."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{source}: not valid TOML: {err}") from err
        unknown = set(data) - {"same_as", "not_same_as", "speaker", "aliases"}
        if unknown:
            raise ConfigError(f"{source}: unknown section(s) {sorted(unknown)}; expected same_as, not_same_as, speaker, aliases")
        c = cls(digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12])
        for i, e in enumerate(_entries(data, "same_as", source)):
            where = f"{source}: same_as #{i + 1}"
            keep, name = _ref(e.get("keep"), where)
            merge = e.get("merge")
            if not isinstance(merge, list) or not merge:
                raise ConfigError(f"{where}: 'merge' must be a non-empty list")
            for m in merge:
                mk, _ = _ref(m, where)
                if mk != keep:
                    c.same_as[mk] = (keep, name)
        # Chains (A -> B, B -> C) resolve to the end; a cycle is an error.
        for k in list(c.same_as):
            seen = {k}
            target = c.same_as[k]
            while target[0] in c.same_as:
                if target[0] in seen:
                    raise ConfigError(f"{source}: same_as entries form a cycle through {target[0]!r}")
                seen.add(target[0])
                target = c.same_as[target[0]]
            c.same_as[k] = target
        for i, e in enumerate(_entries(data, "not_same_as", source)):
            where = f"{source}: not_same_as #{i + 1}"
            key, _ = _ref(e.get("entity"), where)
            surface = e.get("name")
            if not isinstance(surface, str) or not surface.strip():
                raise ConfigError(f"{where}: 'name' must be the surface name to keep apart")
            c.not_same_as.append((key, normal_name(surface)))
        for i, e in enumerate(_entries(data, "speaker", source)):
            where = f"{source}: speaker #{i + 1}"
            picks = [k for k in ("statement", "quote") if e.get(k) is not None]
            if not picks or not all(isinstance(e[k], str) and normal_name(e[k]) for k in picks):
                # An empty quote is in every statement: it would re-attribute the whole corpus.
                raise ConfigError(f"{where}: give 'statement' (an id) or 'quote' (words of the statement), not empty")
            if e.get("article") is not None and not isinstance(e["article"], str):
                raise ConfigError(f"{where}: 'article' must be an article id (a string)")
            spk = e.get("speaker")
            if spk is None:
                raise ConfigError(f"{where}: 'speaker' is required ('' for no speaker)")
            ref = _ref(spk, where) if spk else None
            c.speakers.append({"statement": e.get("statement"), "quote": e.get("quote"), "article": e.get("article"), "speaker": ref})
        for i, e in enumerate(_entries(data, "aliases", source)):
            where = f"{source}: aliases #{i + 1}"
            key, _ = _ref(e.get("entity"), where)
            add = e.get("add")
            if not isinstance(add, list) or not all(isinstance(a, str) for a in add):
                raise ConfigError(f"{where}: 'add' must be a list of names")
            c.aliases.setdefault(key, []).extend(add)
        return c

    def __bool__(self) -> bool:
        return bool(self.same_as or self.not_same_as or self.speakers or self.aliases)

    # -- applying --------------------------------------------------------------------------
    def apply(self, x: Extraction) -> Extraction:
        """The extraction with the rules applied (a new object; `x` is not changed).

        >>> from graphbuild.model import Article, Entity
        >>> a = Article(id="art_1", source="s", title="T", text="Ruiz spoke.", content_hash="h")
        >>> x = Extraction(article=a, entities=[Entity(key="Person:ruiz", label="Person", name="Ruiz")])
        >>> c = Curation.parse('[[same_as]]\\nkeep = "Person:Ana Ruiz"\\nmerge = ["Person:Ruiz"]')
        >>> [(e.key, e.name, e.aliases) for e in c.apply(x).entities]
        [('Person:ana ruiz', 'Ana Ruiz', ['Ruiz'])]
        """
        if not self:
            return x
        x = x.model_copy(deep=True)
        self._split(x)
        self._merge(x)
        self._reattribute(x)
        self._add_aliases(x)
        return x

    def _entity(self, x: Extraction, key: str, name: str) -> Entity:
        for e in x.entities:
            if e.key == key:
                return e
        e = Entity(key=key, label=entity_label(key), name=name)
        x.entities.append(e)
        return e

    def _split(self, x: Extraction) -> None:
        for key, surface in self.not_same_as:
            ent = next((e for e in x.entities if e.key == key), None)
            if ent is None:
                continue
            label = key.split(":", 1)[0]
            apart = entity_key(label, surface)
            if apart == key:
                continue
            moved = 0
            for m in x.mentions:
                if m.entity == key and normal_name(m.text) == surface:
                    m.entity = apart
                    moved += 1
            spoke = [s for s in x.statements if s.speaker == key and normal_name(s.speaker_mention or "") == surface]
            for s in spoke:
                s.speaker = apart
                s.speaker_name = s.speaker_mention
            ent.aliases = [a for a in ent.aliases if normal_name(a) != surface]
            if moved or spoke:
                new = self._entity(x, apart, next((m.text for m in x.mentions if m.entity == apart), surface))
                new.count += moved
                ent.count = max(ent.count - moved, 0)

    def _merge(self, x: Extraction) -> None:
        if not any(e.key in self.same_as for e in x.entities):
            return
        merged: dict[str, Entity] = {}
        for e in x.entities:
            target = self.same_as.get(e.key)
            if target is None:
                merged.setdefault(e.key, e)
                if merged[e.key] is not e:
                    self._fold(merged[e.key], e)
                continue
            key, name = target
            kept = merged.get(key)
            if kept is None:
                kept = Entity(key=key, label=e.label, name=name)
                merged[key] = kept
            self._fold(kept, e)
        x.entities = list(merged.values())
        for m in x.mentions:
            if m.entity in self.same_as:
                m.entity = self.same_as[m.entity][0]
        for s in x.statements:
            if s.speaker in self.same_as:
                s.speaker, s.speaker_name = self.same_as[s.speaker]
            s.mentions = sorted({self.same_as.get(k, (k,))[0] for k in s.mentions})
        for r in x.relations:
            r.source = self.same_as.get(r.source, (r.source,))[0]
            r.target = self.same_as.get(r.target, (r.target,))[0]

    @staticmethod
    def _fold(into: Entity, e: Entity) -> None:
        into.count += e.count
        names = set(into.aliases) | set(e.aliases) | {e.name}
        into.aliases = sorted(n for n in names if normal_name(n) != normal_name(into.name))

    def _reattribute(self, x: Extraction) -> None:
        for rule in self.speakers:
            for s in x.statements:
                if rule["statement"] and s.id != rule["statement"]:
                    continue
                if rule["quote"] and (normal_name(rule["quote"]) not in normal_name(s.text)):
                    continue
                if rule["article"] and rule["article"] not in {x.article.id, x.article.source, x.article.url}:
                    continue
                if rule["speaker"] is None:
                    s.speaker = s.speaker_name = None
                    continue
                key, name = rule["speaker"]
                key = self.same_as.get(key, (key, name))[0]
                s.speaker, s.speaker_name = key, self._entity(x, key, name).name

    def _add_aliases(self, x: Extraction) -> None:
        for e in x.entities:
            extra = self.aliases.get(e.key)
            if extra:
                e.aliases = sorted({*e.aliases, *extra} - {e.name})


def load_curation(path: str | Path | None) -> Curation:
    """Read a curation file (a missing path means no curation; a bad file raises ConfigError).

    >>> bool(load_curation(None))
    False
    """
    if path is None:
        return Curation()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read curation file {p}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"curation file {p} is not UTF-8 text (byte {e.start}): save it as UTF-8") from e
    return Curation.parse(text, source=str(p))
