"""spaCy's entities -> the graph's labels, with general corrections of the small model's errors.

Celestial bodies and names followed by a geographic noun are never persons; names in headlines
count only when the body confirms them (see `find_entities`); a given name + surname tagged as
an organisation or a place is a person; generic organisation names take their country.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ...model import MentionKind, normal_name
from ..lexicon import Lexicon
from ..syntax import POSSESSIVE
from .mentions import Mention, span_text


def headline_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of title-case lines (headlines, subheads): without sentence punctuation at
    the end, or with (nearly) every word capitalised."""
    out = []
    pos = 0
    for line in doc.text.split("\n"):
        s = line.strip()
        words = [w for w in s.split() if any(c.isalpha() for c in w)]
        if 0 < len(words) <= 25:
            long_words = [w.strip("'‘’\"“”,.:") for w in words]
            long_words = [w for w in long_words if len(w) > 3]
            caps = sum(1 for w in long_words if w[0].isupper()) / max(len(long_words), 1)
            # A line that ends like a sentence is a headline only when (nearly) every word is
            # capitalised ("America Ferrera Sent Donald Trump A Message About Latinos.").
            plain = not s.endswith((".", "”", '"', ":", ";"))
            if long_words and caps >= 0.75 and (plain or (caps >= 0.9 and len(long_words) >= 4)) and s[0] not in "“\"":
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def _trim(span: Span) -> tuple[int, int]:
    """Token bounds without a leading determiner, trailing possessive or punctuation."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].lower_ in {"the", "a", "an"} or doc[s].is_punct):
        s += 1
    while e > s and (doc[e - 1].text in POSSESSIVE or doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return s, e


def _person_bounds(doc: Doc, lex: Lexicon, s: int, e: int) -> tuple[int, int] | None:
    # Drop honorifics and titles the model put inside the name ("President Putin").
    while s < e and (
        normal_name(doc[s].text) in lex.honorifics
        or lex.is_title_word(doc[s].text)
        or (doc[s].lower_.endswith("s") and lex.is_title_word(doc[s].text[:-1]))  # "Presidents Obama and Bush"
        or doc[s].lower_ in lex.title_modifiers
        or lex.is_demonym(doc[s].text)
    ):
        s += 1
    if s >= e:
        return None
    for t in doc[s:e]:
        if t.like_num or any(c.isdigit() for c in t.text):
            return None
        if t.is_alpha and t.is_lower and t.text not in lex.name_particles:
            return None
    return s, e


def _program_name(doc: Doc, lex: Lexicon, s: int, e: int) -> str | None:
    text = normal_name(span_text(doc, s, e))
    if text in lex.program_name_norms:
        return span_text(doc, s, e)
    if e - s >= 2 and doc[e - 1].like_num and normal_name(span_text(doc, s, e - 1)) in lex.program_name_norms:
        return span_text(doc, s, e)
    return None


def classify(ent: Span, lex: Lexicon, *, headline: bool) -> Mention | None:
    """The graph mention of one spaCy entity (None when it is not one)."""
    doc = ent.doc
    s, e = _trim(ent)
    if s >= e:
        return None
    text = span_text(doc, s, e)
    norm = normal_name(text)
    label = ent.label_
    if label == "PROGRAM":
        return Mention(s, e, "Program", text)
    before = doc[s - 1].lower_ if s > 0 else ""
    after = doc[e] if e < len(doc) else None
    if norm in lex.celestial and (norm not in lex.celestial_ambiguous or before == "the" or headline):
        return None
    prog = _program_name(doc, lex, s, e)
    if prog and label not in {"GPE", "NORP"}:
        return Mention(s, e, "Program", prog)
    if after is not None and after.is_lower and after.lower_ in lex.program_after and label in {"ORG", "PRODUCT", "PERSON", "WORK_OF_ART", "FAC"}:
        return Mention(s, e, "Program", text)  # "the BrahMos missile", "the Orion capsule"
    party = lex.party_of(text) if label in {"NORP", "ORG"} and doc[s].text[:1].isupper() else None
    if party and not lex.country_of(text):
        # "Republicans", "GOP", "Tories": the party, as a demonym is its country.
        return Mention(s, e, "Organization", party, kind="demonym" if norm != normal_name(party) else "name")
    if label == "ORG" and e - s == 1 and (
        (s >= 2 and doc[s - 1].lower_ == "of" and lex.is_title_word(doc[s - 2].text))
        or (after is not None and lex.is_title_word(after.text))
    ):
        return None  # "Minister of Defence", "Defence Minister": part of a title
    if after is not None and after.is_lower and after.lower_ in lex.geo_heads and label in {"PERSON", "ORG", "GPE", "LOC", "NORP"}:
        return Mention(s, e, "Location", text)
    if label == "NORP":
        country = lex.country_of(text)
        return Mention(s, e, "Country", country, kind="demonym") if country else None
    if label in {"GPE", "LOC", "FAC", "ORG"}:
        country = lex.country_of(text)
        if country:
            kind: MentionKind = "demonym" if normal_name(text) in lex.demonyms else "name"
            return Mention(s, e, "Country", country, kind=kind)
    if label in {"GPE", "LOC", "FAC"}:
        if (
            looks_like_person(doc, lex, s, e)
            and doc[s].lower_ not in lex.name_words
            and doc[e - 1].lower_ not in lex.place_words
            and norm not in lex.capitals
        ):
            return Mention(s, e, "Person", text)  # "Marta Quispe" tagged as a place
        return Mention(s, e, "Location", text)
    if label == "ORG":
        if any(norm.endswith(h) for h in lex.facility_heads):
            return Mention(s, e, "Location", text)
        # "Xinhua news agency" -> "Xinhua": drop trailing lowercase descriptors.
        e2 = e
        while e2 - 1 > s and doc[e2 - 1].is_lower and doc[e2 - 1].is_alpha:
            e2 -= 1
        if e2 < e and normal_name(span_text(doc, e2, e)) not in lex.org_descriptors:
            e2 = e
        if looks_like_person(doc, lex, s, e):
            return Mention(s, e, "Person", text)
        name = span_text(doc, s, e2)
        if all(t.lower_ in lex.generic_org_words for t in doc[s:e2]):
            # "Japan's Defense Ministry" -> "Japanese Defense Ministry": generic names get their country.
            owner = country_before(doc, lex, s)
            if owner:
                name = f"{lex.adjective(owner)} {name}"
        return Mention(s, e, "Organization", name)
    if label == "PERSON":
        b = _person_bounds(doc, lex, s, e)
        if b is None:
            return None
        return Mention(b[0], b[1], "Person", span_text(doc, *b))
    return None


def looks_like_person(doc: Doc, lex: Lexicon, s: int, e: int) -> bool:
    """An ORG span that is a given name + surname ("Kemal Arslan"), a common small-model error."""
    toks = doc[s:e]
    if not 2 <= len(toks) <= 3 or not all(t.is_alpha and t.is_title for t in toks):
        return False
    first, last = toks[0].lower_, toks[-1].lower_
    if last in lex.org_suffixes or any(t.lower_ in lex.org_suffixes or lex.country_of(t.text) for t in toks):
        return False
    return first in lex.first_names


def country_before(doc: Doc, lex: Lexicon, s: int) -> str | None:
    """The country named right before a name: "Japan's X", "Chinese X"."""
    if s >= 2 and doc[s - 1].text in POSSESSIVE:
        return lex.countries.get(normal_name(doc[s - 2].text))
    if s >= 1 and doc[s - 1].is_title:
        return lex.demonyms.get(normal_name(doc[s - 1].text))
    return None
