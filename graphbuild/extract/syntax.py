"""Shared parse helpers of the rules: pronoun classes, subjects, spans and sentence ends.

Everything here works on any spaCy `Doc` with a dependency parse, including hand-built ones
(`Doc(vocab, words=, heads=, deps=)`), so the rules can be tested without a model.

>>> sentence_ends("Mr. Rubio said. Then Sen. X left! Done.", {"mr", "sen"})
[14, 32, 38]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
ALL_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | {"they", "them", "their", "i", "we", "you", "me", "us", "who", "which", "that", "this", "one"}
# Pronouns that can be the speaker of a statement when no name is near ("…,” he said).
PEOPLE_SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})
SPEAKER_PRONOUNS = PEOPLE_SPEAKER_PRONOUNS | {"it"}
# Personal pronouns: a speaker written as one of these and left unresolved is counted by the evaluation.
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "i", "we", "you"})
# A speaker mention that names nobody: a statement with a weaker cue needs more than this.
UNNAMED_SPEAKERS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
VERB_POS = frozenset({"VERB"})
SENTENCE_END = ".!?"

# Clause links followed up to a verb's subject: "X said …, adding that …" (advcl), "X met Y and
# said …" (conj), "X wants to say …" (xcomp). Program owners also follow ccomp.
SPEECH_CLIMB = frozenset({"advcl", "conj", "xcomp"})
OWNER_CLIMB = frozenset({"xcomp", "conj", "advcl", "ccomp"})

_SENT_BREAK = re.compile(r"[.!?](?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]*)$")
_WORD_BACK = 64


def subject_of(verb: Token, *, climb: Iterable[str] = SPEECH_CLIMB, depth: int = 4) -> Token | None:
    """The subject (nsubj/nsubjpass) of a verb, climbing `climb` links up to `depth` verbs.

    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Ruiz", "met", "them", "and", "said", "so"],
    ...           heads=[1, 1, 1, 1, 1, 4], deps=["nsubj", "ROOT", "dobj", "cc", "conj", "dobj"])
    >>> subject_of(doc[4]).text
    'Ruiz'
    """
    links = frozenset(climb)
    t = verb
    for _ in range(depth):
        subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            return subj
        if t.dep_ in links and t.head is not t:
            t = t.head
        else:
            return None
    return None


def char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of the token span [start, end).

    >>> from spacy.vocab import Vocab
    >>> char_bounds(Doc(Vocab(), words=["Ana", "Ruiz", "spoke"]), 0, 2)
    (0, 8)
    """
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def sentence_ends(s: str, abbreviations: set[str] | frozenset[str]) -> list[int]:
    """Offsets of the sentence-ending marks in `s` (not after "Mr", "Gov", an initial...)."""
    out = []
    for m in _SENT_BREAK.finditer(s + " "):
        if m.start() >= len(s):
            break
        # The word before the mark, read from at most _WORD_BACK characters back (a longer word is
        # no abbreviation and no initial either): linear in `s`, however many marks it has.
        word = _WORD_BEFORE.search(s, max(0, m.start() - _WORD_BACK), m.start())
        w = word.group(1).lower() if word else ""
        if s[m.start()] == "." and (w in abbreviations or (len(w) == 1 and w.isalpha())):
            continue
        out.append(m.start())
    return out


def paragraph_bounds(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the line (paragraph) holding offset `i`.

    >>> paragraph_bounds("ab\\ncd\\nef", 4)
    (3, 5)
    """
    a = text.rfind("\n", 0, i) + 1
    b = text.find("\n", i)
    return a, (len(text) if b < 0 else b)
