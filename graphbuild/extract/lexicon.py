"""Word lists and gazetteers from `resources/`, loaded once.

>>> LEX.country_of("Russians")
'Russia'
>>> LEX.adjective("China")
'Chinese'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from ..ids import normal_name


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("resources").joinpath(name).read_text(encoding="utf-8")


def _word_list(name: str) -> set[str]:
    return {w.strip() for w in _read(name).splitlines() if w.strip() and not w.startswith("#")}


def _sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    cur = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = line[1:-1]
            out[cur] = []
        else:
            out[cur].append(line)
    return out


@dataclass
class Lexicon:
    """All word lists, keyed by normal form (see `graphbuild.ids.normal_name`)."""

    countries: dict[str, str] = field(default_factory=dict)  # normal name/alias -> canonical
    demonyms: dict[str, str] = field(default_factory=dict)  # normal demonym -> canonical country
    adjectives: dict[str, str] = field(default_factory=dict)  # canonical country -> adjective
    title_class: dict[str, str] = field(default_factory=dict)  # normal synonym -> display form
    title_words: set[str] = field(default_factory=set)  # head words of roles: "minister", "premier"
    reporting_verbs: set[str] = field(default_factory=set)
    characterising_verbs: set[str] = field(default_factory=set)  # "called it “reckless”"
    first_names: dict[str, float] = field(default_factory=dict)  # given name -> share of women
    capitals: dict[str, str] = field(default_factory=dict)  # normal capital name -> country
    lists: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lexicon:
        """Read every resource file."""
        lex = cls()
        for line in _read("countries.tsv").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            name, aliases, demonyms = (line.split("\t") + ["", ""])[:3]
            lex.countries[normal_name(name)] = name
            for a in filter(None, aliases.split(";")):
                lex.countries.setdefault(normal_name(a), name)
            dems = [d for d in demonyms.split(";") if d]
            for d in dems:
                lex.demonyms.setdefault(normal_name(d), name)
            lex.adjectives[name] = dems[0] if dems else name
        for line in _read("titles.txt").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            forms = [f.strip() for f in line.split("|") if f.strip()]
            for f in forms:
                n = normal_name(f)
                lex.title_class.setdefault(n, forms[0])
                head = re.split(r" (?:of|for) ", n)[0].split()[-1]
                lex.title_words.add(head)
        lex.title_words -= {"head", "member", "general", "elect", "state"}
        lex.reporting_verbs = _word_list("reporting_verbs.txt")
        lex.characterising_verbs = _word_list("characterising_verbs.txt")
        lex.lists = _sections(_read("entities.txt"))
        for line in _read("capitals.tsv").splitlines():
            if line.strip() and not line.startswith("#"):
                city, country = line.split("\t")
                lex.capitals[normal_name(city)] = country
        for line in _read("first_names.tsv").splitlines():
            if line and not line.startswith("#"):
                name, p = line.split("\t")
                lex.first_names[name] = float(p)
        return lex

    def country_of(self, name: str) -> str | None:
        """Canonical country for a country name, alias or demonym; None otherwise."""
        n = normal_name(name)
        return self.countries.get(n) or self.demonyms.get(n)

    def is_demonym(self, word: str) -> bool:
        """True for "Russian", "Russians", "Chinese"..."""
        return normal_name(word) in self.demonyms

    def gender(self, full_name: str) -> str | None:
        """"f" or "m" when the given name is used mostly (>= 90%) by women or men, else None.

        >>> LEX.gender("Ana Ruiz"), LEX.gender("Nikos Pappas"), LEX.gender("Ruiz")
        ('f', 'm', None)
        """
        words = normal_name(full_name).split()
        if len(words) < 2:
            return None
        p = self.first_names.get(words[0])
        if p is None:
            return None
        return "f" if p >= 0.9 else "m" if p <= 0.1 else None

    def adjective(self, country: str) -> str:
        """The adjective used to name a country's programs ("Chinese lunar program")."""
        return self.adjectives.get(country, country)

    def words(self, section: str) -> set[str]:
        """A section of entities.txt as a set of normal forms (markers removed)."""
        return {normal_name(w.rstrip("*")) for w in self.lists.get(section, [])}

    @cached_property
    def program_names(self) -> list[tuple[str, bool]]:
        """(name, needs_number) for every known program/spacecraft name."""
        return [(w.rstrip("*"), w.endswith("*")) for w in self.lists.get("program_names", [])]

    def title_of(self, phrase: str) -> str | None:
        """Display form of the longest known role inside a phrase ("the Russian vice-premier")."""
        words = normal_name(phrase).split()
        best: tuple[int, str] | None = None
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                cand = " ".join(words[i:j])
                if cand in self.title_class and (best is None or j - i > best[0]):
                    best = (j - i, self.title_class[cand])
                    break
        return best[1] if best else None

LEX = Lexicon.load()
