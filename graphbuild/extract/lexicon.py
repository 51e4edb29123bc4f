"""Word lists and gazetteers from `resources/`: read once per pipeline, passed to every rule.

There is no import-time global: the spaCy components load a `Lexicon` in `initialize()` (the
packaged resources, or a folder of your own with the same files), and the rule functions take it
as an argument, so a test or a user can hand them any lexicon.

>>> lex = default_lexicon()
>>> lex.country_of("Russians"), lex.adjective("China")
('Russia', 'Chinese')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import normal_name

RESOURCE_FILES = ("countries.tsv", "titles.txt", "reporting_verbs.txt", "characterising_verbs.txt", "entities.txt",
                  "words.txt", "capitals.tsv", "first_names.tsv", "common_words.txt",
                  "common_given_names.txt", "framing.txt")


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


def _lines(text: str) -> list[str]:
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


@dataclass
class Lexicon:
    """All word lists. Sets named after `entities.txt` sections hold normal forms
    (`graphbuild.model.normal_name`); those from `words.txt` hold lowercase words as written."""

    countries: dict[str, str] = field(default_factory=dict)  # normal name/alias -> canonical
    demonyms: dict[str, str] = field(default_factory=dict)  # normal demonym -> canonical country
    adjectives: dict[str, str] = field(default_factory=dict)  # canonical country -> adjective
    parties: dict[str, str] = field(default_factory=dict)  # normal party name, alias or member word -> canonical party
    title_class: dict[str, str] = field(default_factory=dict)  # normal synonym -> display form
    title_words: set[str] = field(default_factory=set)  # head words of roles: "minister", "premier"
    reporting_verbs: set[str] = field(default_factory=set)
    characterising_verbs: set[str] = field(default_factory=set)  # "called it “reckless”"
    first_names: dict[str, float] = field(default_factory=dict)  # given name -> share of women
    common_words: set[str] = field(default_factory=set)  # common English words that are no given names
    common_given_names: set[str] = field(default_factory=set)  # the most used given names ("james", "scott")
    framing: dict[str, str] = field(default_factory=dict)  # cue lemma -> framing class (resources/framing.txt)
    capitals: dict[str, str] = field(default_factory=dict)  # normal capital name -> country
    lists: dict[str, list[str]] = field(default_factory=dict)  # sections of entities.txt and words.txt
    # Derived sets, filled by `load` (see resources/entities.txt and resources/words.txt).
    celestial: set[str] = field(default_factory=set)
    celestial_ambiguous: set[str] = field(default_factory=set)
    geo_heads: set[str] = field(default_factory=set)
    facility_heads: set[str] = field(default_factory=set)
    org_heads: set[str] = field(default_factory=set)
    org_descriptors: set[str] = field(default_factory=set)
    honorifics: set[str] = field(default_factory=set)
    program_heads: set[str] = field(default_factory=set)
    program_modifiers: set[str] = field(default_factory=set)
    spacecraft_heads: set[str] = field(default_factory=set)  # last words of the section's entries
    program_names: list[tuple[str, bool]] = field(default_factory=list)  # (name, needs a number after it)
    program_name_norms: set[str] = field(default_factory=set)
    program_after: set[str] = field(default_factory=set)
    name_particles: set[str] = field(default_factory=set)
    title_modifiers: set[str] = field(default_factory=set)
    org_suffixes: set[str] = field(default_factory=set)
    generic_org_words: set[str] = field(default_factory=set)
    place_words: set[str] = field(default_factory=set)
    name_words: set[str] = field(default_factory=set)
    org_descriptor_heads: set[str] = field(default_factory=set)
    lower_title_modifiers: set[str] = field(default_factory=set)
    owner_verbs: set[str] = field(default_factory=set)
    deputy_words: set[str] = field(default_factory=set)
    speech_nouns: set[str] = field(default_factory=set)
    speaks_for: set[str] = field(default_factory=set)  # "spokesman", "officials": a holder speaks for the organisation
    document_nouns: set[str] = field(default_factory=set)  # "poll", "study": sources that are documents
    abbreviations: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Lexicon:
        """Read every resource file from `folder` (default: the packaged `resources/`)."""
        base = Path(folder) if folder else resources.files(__package__).joinpath("resources")

        def read(name: str) -> str:
            return base.joinpath(name).read_text(encoding="utf-8")

        lex = cls()
        for line in read("countries.tsv").splitlines():
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
        for line in _lines(read("parties.tsv")):
            name, aliases, members = (line.split("\t") + ["", ""])[:3]
            for a in [name, *aliases.split(";"), *members.split(";")]:
                if a.strip():
                    lex.parties.setdefault(normal_name(a), name)
        for line in _lines(read("titles.txt")):
            forms = [f.strip() for f in line.split("|") if f.strip()]
            for f in forms:
                n = normal_name(f)
                lex.title_class.setdefault(n, forms[0])
                lex.title_words.add(re.split(r" (?:of|for) ", n)[0].split()[-1])
        lex.title_words -= {"head", "member", "general", "elect", "state"}
        lex.reporting_verbs = set(_lines(read("reporting_verbs.txt")))
        lex.characterising_verbs = set(_lines(read("characterising_verbs.txt")))
        lex.lists = {**_sections(read("entities.txt")), **_sections(read("words.txt"))}
        for line in _lines(read("capitals.tsv")):
            city, country = line.split("\t")
            lex.capitals[normal_name(city)] = country
        for line in _lines(read("first_names.tsv")):
            name, p = line.split("\t")
            lex.first_names[name] = float(p)
        lex.common_words = set(_lines(read("common_words.txt")))
        lex.common_given_names = set(_lines(read("common_given_names.txt")))
        for frame, lemmas in _sections(read("framing.txt")).items():
            for lemma in lemmas:
                lex.framing.setdefault(lemma, frame)
        lex._derive()
        return lex

    def _derive(self) -> None:
        w, raw = self.words, self.raw_words
        self.celestial, self.celestial_ambiguous = w("celestial"), w("celestial_ambiguous")
        self.geo_heads, self.facility_heads, self.org_heads = w("geo_heads"), w("facility_heads"), w("org_heads")
        self.org_descriptors, self.honorifics = w("org_descriptors"), w("honorifics")
        self.program_heads, self.program_modifiers = w("program_heads"), w("program_modifiers")
        self.spacecraft_heads = {x.split()[-1] for x in w("spacecraft_heads")}
        self.program_names = [(x.rstrip("*"), x.endswith("*")) for x in self.lists.get("program_names", [])]
        self.program_name_norms = {normal_name(n) for n, _ in self.program_names}
        self.program_after = raw("program_after") | self.spacecraft_heads
        self.name_particles, self.title_modifiers = raw("name_particles"), raw("title_modifiers")
        self.org_suffixes = raw("org_suffixes") | self.org_heads | self.facility_heads
        self.generic_org_words = raw("generic_org_words") | self.org_heads
        self.place_words, self.name_words = raw("place_words"), raw("name_words")
        self.org_descriptor_heads, self.lower_title_modifiers = raw("org_descriptor_heads"), raw("lower_title_modifiers")
        self.owner_verbs, self.deputy_words = raw("owner_verbs"), raw("deputy_words")
        self.speech_nouns, self.abbreviations = raw("speech_nouns"), raw("abbreviations")
        self.document_nouns, self.speaks_for = raw("document_nouns"), raw("speaks_for")

    def phrasal_frame(self, lemma: str, word: str) -> str | None:
        """The framing class of a two-word cue ("call for": position), None when it is none.

        >>> default_lexicon().phrasal_frame("call", "for"), default_lexicon().phrasal_frame("call", "it")
        ('position', None)
        """
        return self.framing.get(f"{lemma.lower()} {word.lower()}")

    def country_of(self, name: str) -> str | None:
        """Canonical country for a country name, alias or demonym; None otherwise."""
        n = normal_name(name)
        return self.countries.get(n) or self.demonyms.get(n)

    def party_of(self, name: str) -> str | None:
        """Canonical party for a party name, alias or member word; None otherwise.

        >>> lex = default_lexicon()
        >>> lex.party_of("Republicans"), lex.party_of("GOP"), lex.party_of("Senate")
        ('Republican Party', 'Republican Party', None)
        """
        return self.parties.get(normal_name(name))

    def is_demonym(self, word: str) -> bool:
        """True for "Russian", "Russians", "Chinese"..."""
        return normal_name(word) in self.demonyms

    def is_title_word(self, word: str) -> bool:
        """True for role words: "minister", "premier", "President", "spokeswoman"...

        >>> default_lexicon().is_title_word("Minister")
        True
        """
        return normal_name(word) in self.title_words

    def gender(self, full_name: str) -> str | None:
        """"f" or "m" when the given name is used mostly (>= 90%) by women or men, else None.

        >>> lex = default_lexicon()
        >>> lex.gender("Ana Ruiz"), lex.gender("Nikos Pappas"), lex.gender("Ruiz")
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
        """A section as a set of normal forms (a trailing '*' marker removed)."""
        return {normal_name(x.rstrip("*")) for x in self.lists.get(section, [])}

    def raw_words(self, section: str) -> set[str]:
        """A section as a set of lowercase entries, as written."""
        return {x.lower() for x in self.lists.get(section, [])}

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


@lru_cache(maxsize=4)
def default_lexicon(folder: str | None = None) -> Lexicon:
    """The lexicon of `folder` (default: the packaged resources), read once per process."""
    return Lexicon.load(folder)
