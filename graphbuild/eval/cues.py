"""Cue words of gold attributions: the forms of the lexicon's verbs of saying (for the speech
slice) and the framing class of a cue (for the per-framing slices).

>>> cue_framing("denied"), _speech_cue("announced")
('denial', True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..extract.lexicon import default_lexicon

IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "spoke": "speak",
             "spoken": "speak", "thought": "think", "felt": "feel", "sought": "seek", "taught": "teach"}


def inflections(lemma: str) -> set[str]:
    """The regular forms of an English verb: "note" -> note, notes, noted, noting; "cry" -> cried.

    >>> sorted(inflections("note"))
    ['note', 'noted', 'notes', 'noting']
    """
    out = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma + "d", lemma[:-1] + "ing"} - {lemma + "ed"}
        out.discard(lemma + "ed")
        out.discard(lemma + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
        out -= {lemma + "ed", lemma + "s"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        out |= {lemma + "es"}
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", lemma):  # stop -> stopped, admit -> admitted
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if re.search(r"[^aeiou][aeiou][lt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@lru_cache(maxsize=1)
def speech_forms() -> frozenset[str]:
    """Every form of the lexicon's reporting verbs (resources/reporting_verbs.txt), plus the irregular ones."""
    forms = {f for lemma in default_lexicon().reporting_verbs for f in inflections(lemma)}
    return frozenset(forms | {w for w, lemma in IRREGULAR.items() if lemma in default_lexicon().reporting_verbs})


def _speech_cue(cue: str) -> bool:
    """A cue with a verb of saying (any form: "noted", "announced", "told") or "according to".

    >>> _speech_cue("noted"), _speech_cue("announced"), _speech_cue("believes")
    (True, True, False)
    """
    words = re.findall(r"[a-z]+", cue.lower())
    return "according" in words or any(w in speech_forms() for w in words)


@lru_cache(maxsize=1)
def _cue_lemmas() -> dict[str, str]:
    lex = default_lexicon()
    out = {w: lemma for w, lemma in IRREGULAR.items()}
    for lemma in set(lex.framing) | lex.reporting_verbs:
        first = lemma.split()[0]
        for f in inflections(first):
            out.setdefault(f, first)
    return out


def cue_framing(cue: str) -> str:
    """The framing class of a gold cue, read like graphbuild reads its own: a phrasal cue first
    ("called for": position), then the first word with a class (`resources/framing.txt`); a verb of
    saying with none is neutral, "according to" and a colon too; anything else "other".

    >>> cue_framing("has called for"), cue_framing("denied"), cue_framing("told"), cue_framing("sings")
    ('position', 'denial', 'neutral', 'other')
    """
    lex = default_lexicon()
    ws = re.findall(r"[a-z]+", cue.lower())
    lemmas = [_cue_lemmas().get(w, "") for w in ws]
    for k in range(len(ws) - 1):
        phrasal = lex.phrasal_frame(lemmas[k], ws[k + 1]) if lemmas[k] else None
        if phrasal:
            return phrasal
    for lemma in lemmas:
        if lemma and lemma in lex.framing:
            return lex.framing[lemma]
    if any(lemma in lex.reporting_verbs for lemma in lemmas if lemma) or "according" in ws or cue.strip() == ":":
        return "neutral"
    return "other"
