"""Cross-article entity resolution: the variants and fragments of a name joined to one entity.

Each article's entities are keyed by their normal name (`Person:clinton`, `Person:hillary
clinton`); this stage looks at every stored entity at once and links a variant to the entity it
names (`SAME_AS`), or, when the evidence does not single one out, to every candidate
(`POSSIBLY_SAME`): never a guess. Nodes and keys are never rewritten, so an old key keeps
resolving, and a retracted article takes its entities' links with it. The links are a pure
function of the stored entities (and the curation), so the same corpus gives the same links.

Rules (docs/RESOLUTION.md has the evidence each link records):

Person
  1. epithet: "billionaire donald trump" -> "donald trump" (the longest proper word-suffix of at
     least two words that is a person);
  2. middle names: "hillary rodham clinton", "donald j trump" -> "hillary clinton", "donald
     trump" (given name + surname is a person), unless variants with different middle names
     share that short form ("george w bush", "george h w bush"): then it is ambiguous;
  3. surname: "clinton" -> the only person with that surname (after 1-2), or the dominant one:
     at least DOMINANCE times the articles of all others with it together, and MIN_ARTICLES.
     A one-word name that is also a common given name (`given_names`: "james", "scott") is
     never linked by the name alone, only to candidates.
Organization, Program, Location
  4. alias: a name that an article gave as another entity's alias ("fbi", when an article wrote
     "Federal Bureau of Investigation (FBI)"), when only one entity has it and it is not a
     common word ("Court" stays apart from the "Supreme Court" one article called "the Court");
  5. acronym (Organization): "dnc" -> "democratic national committee", when only one has it
     and it is in at least two articles and not much rarer than the acronym (ACRONYM_RATIO: "NBC"
     stays apart from a "National Baptist Convention" mentioned once);
  6. country prefix (Program): "indian chandrayaan program" -> "chandrayaan" (without the
     generic head). Not for organisations: "Swedish Air Force" is not "Air Force".
Curation wins: a `not_same_as` pair is never linked.

>>> people = [EntityInfo("Person:ana ruiz", "Ana Ruiz", ("ana ruiz",), 4), EntityInfo("Person:ruiz", "Ruiz", ("ruiz",), 2)]
>>> [(e.src, e.type, e.dst, e.props["rule"]) for e in resolve(people)]
[('Person:ruiz', 'SAME_AS', 'Person:ana ruiz', 'surname')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from ..model import POSSIBLY_SAME, SAME_AS, EdgeRow, EntityInfo, Extraction, normal_name

DOMINANCE = 10.0  # a surname's dominant bearer has >= 10x the articles of all others together
MIN_ARTICLES = 5  # ... and at least this many articles
ACRONYM_RATIO = 20  # an acronym joins a full name in >= 2 articles and >= 1/20 of the acronym's
MAX_CANDIDATES = 10  # POSSIBLY_SAME links per ambiguous name (most mentioned first)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "&"})
PROGRAM_HEADS = frozenset({"program", "programme", "mission", "missions", "project", "initiative", "plan"})

__all__ = ["DOMINANCE", "MIN_ARTICLES", "entity_infos", "resolve"]


def entity_infos(extractions: Iterable[Extraction]) -> list[EntityInfo]:
    """What a store's `entity_infos()` would give for these extractions (without a store).

    >>> from graphbuild.model import Article, Entity
    >>> a = Article(id="a1", source="s", title="T", text="T", content_hash="h")
    >>> x = Extraction(article=a, entities=[Entity(key="Person:ruiz", label="Person", name="Ruiz")])
    >>> entity_infos([x])
    [EntityInfo(key='Person:ruiz', name='Ruiz', norms=('ruiz',), articles=1)]
    """
    names: dict[str, str] = {}
    norms: dict[str, set[str]] = defaultdict(set)
    arts: dict[str, set[str]] = defaultdict(set)
    for x in extractions:
        for e in x.entities:
            names[e.key] = e.name
            norms[e.key] |= {normal_name(e.name), *(normal_name(a) for a in e.aliases)} - {""}
            arts[e.key].add(x.article.id)
    return [EntityInfo(k, names[k], tuple(sorted(norms[k])), len(arts[k])) for k in sorted(names)]


class _Links:
    """The links found so far: at most one SAME_AS per variant; POSSIBLY_SAME sets."""

    def __init__(self, forbidden: set[tuple[str, str]]) -> None:
        self.same: dict[str, tuple[str, str, str]] = {}  # variant -> (canonical, rule, evidence)
        self.maybe: dict[str, list[tuple[str, str, str]]] = {}
        self.forbidden = forbidden

    def allowed(self, src: str, dst: str) -> bool:
        return src != dst and (src, dst) not in self.forbidden

    def link(self, src: str, dst: str, rule: str, evidence: str) -> None:
        if self.allowed(src, dst) and src not in self.same:
            self.same[src] = (dst, rule, evidence)

    def root(self, key: str) -> str:
        seen = {key}
        while key in self.same:
            key = self.same[key][0]
            if key in seen:
                break
            seen.add(key)
        return key


def resolve(entities: Iterable[EntityInfo], *, keep_apart: Iterable[tuple[str, str]] = (),
            given_names: Collection[str] = (), common_words: Collection[str] = ()) -> list[EdgeRow]:
    """The SAME_AS and POSSIBLY_SAME links among `entities`, sorted (see the module's rules).

    `keep_apart` holds (variant key, entity key) pairs never to link (curation's not_same_as);
    `given_names` (normal forms) are the one-word names never linked as surnames;
    `common_words` the one-word names never linked as an alias ("court", a common word or given name).
    """
    by_key = {e.key: e for e in entities}
    links = _Links(set(keep_apart))
    persons = sorted(k for k in by_key if k.startswith("Person:"))
    _person_variants(persons, by_key, links)
    _surnames(persons, by_key, links, set(given_names))
    countries = {n for e in by_key.values() if e.label == "Country" for n in e.norms}
    for label in ("Organization", "Program", "Location"):
        keys = sorted(k for k in by_key if k.startswith(label + ":"))
        if label == "Program":
            _prefixes(keys, label, countries, links)
        _aliases(keys, by_key, links, set(common_words))
        if label == "Organization":
            _acronyms(keys, by_key, links)
    return _edges(links, by_key)


def _core(norm: str) -> tuple[list[str], list[str]]:
    """Words of a person's name without generational suffixes, and the suffixes."""
    words = norm.split()
    core = [w for w in words if w not in SUFFIXES]
    return (core, [w for w in words if w in SUFFIXES]) if core else (words, [])


def _letters(middle: list[str]) -> str:
    """Initials of middle names: "h w" and "hw" (George H.W.) both give "hw"; "rodham" gives "r"."""
    return "".join(w if len(w) <= 2 else w[0] for w in middle)


def _person_variants(persons: list[str], by_key: dict[str, EntityInfo], links: _Links) -> None:
    keys = set(persons)
    short_forms: dict[str, list[tuple[str, str]]] = defaultdict(list)  # "given surname" -> [(variant, middle initials)]
    for k in persons:
        core, suffix = _core(by_key[k].norm)
        if suffix:
            continue
        # 1. epithet or stray leading words: the longest proper suffix of >= 2 words that is a
        # person at least as often mentioned; a rarer one is a surname of several words
        # ("de blasio" of "bill de blasio"), left to rule 3.
        for i in range(1, len(core) - 1):
            target = "Person:" + " ".join(core[i:])
            if target in keys and by_key[target].articles >= by_key[k].articles:
                links.link(k, target, "epithet", f"'{by_key[k].name}' ends with the name of {by_key[target].name}")
                break
        if k in links.same or len(core) < 3:
            continue
        # 2. middle names and initials
        short = f"Person:{core[0]} {core[-1]}"
        if short in keys:
            short_forms[short].append((k, _letters(core[1:-1])))
    for short, variants in sorted(short_forms.items()):
        if len({m for _, m in variants}) == 1:
            for k, _m in variants:
                links.link(k, short, "middle name", f"'{by_key[k].name}' is {by_key[short].name} with a middle name or initial")
        else:
            names = ", ".join(by_key[k].name for k, _ in sorted(variants))
            for k, _m in sorted(variants):
                links.maybe.setdefault(short, []).append((k, "middle name", f"'{by_key[short].name}' may be any of {names}"))


def _surnames(persons: list[str], by_key: dict[str, EntityInfo], links: _Links, given: set[str]) -> None:
    bearers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # surname -> root -> articles
    for k in persons:
        core, suffix = _core(by_key[k].norm)
        if suffix:
            continue
        for i in range(1, min(len(core), 3)):  # surnames of one or two words ("de blasio")
            bearers[" ".join(core[-i:])][links.root(k)] += by_key[k].articles
    for k in persons:
        norm = by_key[k].norm
        if norm not in bearers or k in links.same or len(norm.split()) > 2:
            continue
        cands = {c: n for c, n in bearers[norm].items() if links.allowed(k, c) and links.root(c) != k}
        _choose(k, cands, "surname", f"surname '{norm}'", by_key, links, guess=norm not in given)


def _choose(k: str, cands: dict[str, int], rule: str, what: str, by_key: dict[str, EntityInfo], links: _Links,
            *, guess: bool = True) -> None:
    """Link `k` to its only or dominant candidate, else (or without `guess`) to each as POSSIBLY_SAME."""
    if not cands:
        return
    ranked = sorted(cands.items(), key=lambda c: (-c[1], c[0]))
    top, n = ranked[0]
    rest = sum(c for _, c in ranked[1:])
    if guess and len(ranked) == 1:
        links.link(k, top, rule, f"{by_key[top].name} is the only entity with {what}")
        return
    if guess and n >= MIN_ARTICLES and n >= DOMINANCE * rest:
        others = ", ".join(f"{by_key[c].name} ({a})" for c, a in ranked[1:4])
        links.link(k, top, f"dominant {rule}", f"{by_key[top].name} ({n} articles) dominates {what}: {others}")
        return
    names = ", ".join(f"{by_key[c].name} ({a})" for c, a in ranked[:MAX_CANDIDATES])
    why = f"{len(ranked)} entities with {what}: {names}" if len(ranked) > 1 else f"{names} has {what}, but the name alone is not enough"
    for c, _a in ranked[:MAX_CANDIDATES]:
        links.maybe.setdefault(k, []).append((c, rule, why))


def _prefixes(keys: list[str], label: str, countries: set[str], links: _Links) -> None:
    present = set(keys)
    for k in keys:
        words = k.split(":", 1)[1].split()
        for i in range(1, len(words)):
            if " ".join(words[:i]) not in countries:
                continue
            rest = words[i:]
            if label == "Program" and len(rest) > 1 and rest[-1] in PROGRAM_HEADS:
                rest = rest[:-1]
            target = f"{label}:{' '.join(rest)}"
            if target in present:
                links.link(k, target, "country prefix", f"'{' '.join(words[:i])}' names the country of {' '.join(rest)}")
                break


def _aliases(keys: list[str], by_key: dict[str, EntityInfo], links: _Links, common: set[str]) -> None:
    holders: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        for n in by_key[k].norms:
            if n != by_key[k].norm:
                holders[n].add(links.root(k))
    for k in keys:
        if k in links.same:
            continue
        cands = {c: by_key[c].articles for c in holders.get(by_key[k].norm, ()) if links.allowed(k, c) and links.root(c) != k}
        _choose(k, cands, "alias", f"the alias '{by_key[k].name}'", by_key, links, guess=by_key[k].norm not in common)


def _acronym(norm: str) -> str:
    words = [w for w in norm.split() if w not in ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _acronyms(keys: list[str], by_key: dict[str, EntityInfo], links: _Links) -> None:
    spelled: dict[str, dict[str, int]] = defaultdict(dict)
    for k in keys:
        a = _acronym(by_key[k].norm)
        if a:
            root = links.root(k)
            spelled[a][root] = spelled[a].get(root, 0) + by_key[k].articles
    for k in keys:
        norm = by_key[k].norm
        if " " in norm or k in links.same or not 2 <= len(norm) <= 6:
            continue
        cands = {c: n for c, n in spelled.get(norm, {}).items() if links.allowed(k, c)}
        common = max(cands.values(), default=0) >= max(2, by_key[k].articles / ACRONYM_RATIO)
        _choose(k, cands, "acronym", f"the acronym '{norm.upper()}'", by_key, links, guess=common)


def _edges(links: _Links, by_key: dict[str, EntityInfo]) -> list[EdgeRow]:
    out = []
    for src, (_dst, rule, evidence) in links.same.items():
        root = links.root(src)
        if root != src and root in by_key:
            out.append(EdgeRow(src=src, type=SAME_AS, dst=root, props={"rule": rule, "evidence": evidence}))
    for src, cands in links.maybe.items():
        if src in links.same:
            continue
        for dst, rule, evidence in cands:
            root = links.root(dst)
            if root != src and links.allowed(src, root):
                out.append(EdgeRow(src=src, type=POSSIBLY_SAME, dst=root, props={"rule": rule, "evidence": evidence}))
    uniq = {(e.src, e.type, e.dst): e for e in out}
    return [uniq[k] for k in sorted(uniq)]
