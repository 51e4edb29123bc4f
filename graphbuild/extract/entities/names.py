"""Person names without the words the model took in with them.

Title-case headlines, tweets and clause starts make the small model read "Crooked Hillary
Clinton", "Ignore Clinton", "Neither Cruz" or "Said Comey" as one name. A leading word is not part
of the name when the rest is a name the article confirms and the word is a common word that is
no given name, or a reporting verb.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...model import normal_name
from ..lexicon import Lexicon
from ..syntax import POSSESSIVE
from .mentions import Mention, span_text

# Tags of a word that starts a clause rather than a name: "Neither Cruz…".
NOT_NAME_TAGS = {"MD", "VB", "VBD", "VBZ", "VBP", "VBG", "RB", "IN", "DT", "CC", "PDT", "WDT", "WRB"}


class PersonNames:
    """The person names a document confirms: full normal names and their last words.

    >>> p = PersonNames(["Ana Ruiz", "Ruiz"])
    >>> p.confirms("ruiz", own="ana ruiz"), p.confirms("ana ruiz", own="x ana ruiz")
    (True, True)
    """

    def __init__(self, names: list[str]) -> None:
        self.count: dict[str, int] = {}
        self.lasts: dict[str, int] = {}
        for norm in sorted({normal_name(n) for n in names} - {""}):
            if norm:
                self.count[norm] = self.count.get(norm, 0) + 1
                last = norm.split()[-1]
                self.lasts[last] = self.lasts.get(last, 0) + 1

    def confirms(self, rest: str, *, own: str) -> bool:
        """True when `rest` is a person name of the document other than the mention `own`."""
        mine = 1 if rest == own else 0
        if self.count.get(rest, 0) > mine:
            return True
        if " " not in rest:
            own_last = 1 if own.split()[-1] == rest else 0
            return self.lasts.get(rest, 0) > own_last
        return False


def _wordish(t: Token, lex: Lexicon, lower: set[str]) -> bool:
    """A word that is not part of a name before it: a reporting verb, or no given name and a
    common word, not tagged a proper noun, or used in lower case elsewhere in the article."""
    w = normal_name(t.text)
    if len(w) <= 1 or w in lex.name_particles:
        return False
    if t.lemma_.lower() in lex.reporting_verbs and t.pos_ in {"VERB", "AUX"}:
        return True
    return w not in lex.first_names and (w in lex.common_words or t.tag_ in NOT_NAME_TAGS or t.tag_ not in {"NNP", "NNPS"} or w in lower)


def leading_junk(doc: Doc, lex: Lexicon, m: Mention, names: PersonNames, lower: set[str]) -> int:
    """How many leading tokens of a person mention are not part of the name (-1: none is a name).

    Leading words are dropped when what is left is a name (another name of the document, or
    words starting with a given name) and each dropped word is a reporting verb ("Said Comey")
    or no given name and either a common English word (resources/common_words.txt), not tagged a
    proper noun, or used in lower case elsewhere ("Crooked Hillary Clinton", "Neither Cruz",
    "Hid Key Clinton", "pro-Clinton"). Initials and hyphenated names ("Holtz-Eakin") stay; two
    names joined by a hyphen ("Trump-Clinton", "Obama-Clinton") are a pair, not a person (-1).

    >>> # "Crooked Hillary Clinton" (the body names Hillary Clinton) -> 1; "Donald Trump" -> 0
    """
    own = normal_name(m.name)
    toks = list(doc[m.start : m.end])
    if any(t.text in POSSESSIVE for t in toks[1:-1]):
        return -1  # "Donald Trump’s Muslim Ban": a possessive inside is no name (its owner is found apart)
    hyphens = [i for i, t in enumerate(toks) if t.text == "-" and 0 < i < len(toks) - 1]
    if hyphens:
        parts = [normal_name(span_text(doc, m.start + a, m.start + b)) for a, b in
                 zip([0, *(h + 1 for h in hyphens)], [*hyphens, len(toks)], strict=True)]
        if len(parts) == 2 and all(p and names.confirms(p, own=own) for p in parts):
            return -1
    lead = 0  # a possessive or punctuation never starts a name ("’s Clinton")
    while lead < len(toks) - 1 and (toks[lead].text in POSSESSIVE or toks[lead].is_punct):
        lead += 1
    for j in range(lead, len(toks) - 1):
        t = toks[j]
        if not _wordish(t, lex, lower):
            return lead
        nxt = toks[j + 1]
        if not t.whitespace_ and nxt.text != "-":
            return lead  # glued to the next word: part of one name
        k = j + 2 if nxt.text == "-" else j + 1
        if k >= len(toks):
            return lead
        rest = normal_name(span_text(doc, m.start + k, m.end))
        words = rest.split()
        if names.confirms(rest, own=own) or (len(words) >= 2 and words[0] in lex.first_names):
            return k
    return lead


def clean_person_names(doc: Doc, lex: Lexicon, body: list[Mention], heads: list[Mention]) -> None:
    """Drop leading non-name words from every person mention, in place (see `leading_junk`);
    mentions that name two people ("Trump-Clinton") lose their Person label (they are removed)."""
    names = PersonNames([m.name for m in body if m.label == "Person"])
    lower = {t.text for t in doc if t.is_lower and t.is_alpha}
    for group in (body, heads):
        dropped: set[int] = set()
        for m in group:
            if m.label != "Person":
                continue
            k = leading_junk(doc, lex, m, names, lower)
            if k < 0:
                dropped.add(id(m))
            elif k:
                m.start += k
                m.name = span_text(doc, m.start, m.end)
        if dropped:
            group[:] = [m for m in group if id(m) not in dropped]
