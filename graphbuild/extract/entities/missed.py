"""Mentions the model missed: organisation names, spacecraft, given name + surname pairs,
countries and demonyms, surnames of people named in full, and "the <country> <ministry>" phrases."""

from __future__ import annotations

from spacy.tokens import Doc

from ...model import normal_name
from ..lexicon import Lexicon
from ..syntax import POSSESSIVE
from .classify import country_before
from .mentions import Mention, span_text, token_mention


def org_head_mentions(doc: Doc, lex: Lexicon, taken: set[int]) -> list[Mention]:
    """Capitalised names ending in an organisation noun the model missed: "State Council"."""
    out = []
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        if t.i in taken or not (t.is_title or t.is_upper) or not t.is_alpha:
            i += 1
            continue
        j = i
        while j < n and doc[j].i not in taken and doc[j].is_alpha and (doc[j].is_title or doc[j].is_upper):
            j += 1
        last = doc[j - 1]
        first = doc[i]
        if (
            last.lower_ in lex.org_heads
            and (j - i >= 2 or not first.is_sent_start)
            and normal_name(first.text) not in lex.title_words
            and first.lower_ not in lex.title_modifiers
            and not lex.is_demonym(first.text)
        ):
            name = span_text(doc, i, j)
            owner = country_before(doc, lex, i) if all(t.lower_ in lex.generic_org_words for t in doc[i:j]) else None
            out.append(Mention(i, j, "Organization", f"{lex.adjective(owner)} {name}" if owner else name))
        i = max(j, i + 1)
    return out


def spacecraft_mentions(doc: Doc, lex: Lexicon, taken: set[int]) -> list[Mention]:
    """Name + number next to a spacecraft noun: "a manned spacecraft Shenzhou 11"."""
    out = []
    for t in doc[:-1]:
        nxt = doc[t.i + 1]
        if t.i in taken or nxt.i in taken or not (t.pos_ == "PROPN" and t.is_title and nxt.like_num):
            continue
        near = {t.head.lower_, nxt.head.lower_}
        if t.i > 0:
            near.add(doc[t.i - 1].lower_)
        if t.i + 2 < len(doc):
            near.add(doc[t.i + 2].lower_)
        if near & lex.spacecraft_heads:
            out.append(Mention(t.i, t.i + 2, "Program", span_text(doc, t.i, t.i + 2)))
    return out


def missed_people(doc: Doc, lex: Lexicon, taken: set[int]) -> list[Mention]:
    """Given name + surname the model missed ("Ana Ruiz met ..."), from the given-name list."""
    out = []
    n = len(doc)
    for t in doc[:-1]:
        nxt = doc[t.i + 1]
        if t.i in taken or nxt.i in taken or t.pos_ != "PROPN" or nxt.pos_ != "PROPN":
            continue
        if not (t.is_title and nxt.is_title and t.is_alpha and nxt.is_alpha):
            continue
        if t.lower_ not in lex.first_names or t.lower_ in lex.name_words or nxt.lower_ in lex.org_suffixes:
            continue
        prev = doc[t.i - 1] if t.i > 0 else None
        if prev is not None and prev.is_title and prev.pos_ == "PROPN" and not (
            lex.is_title_word(prev.text) or normal_name(prev.text) in lex.honorifics or lex.is_demonym(prev.text)
        ):
            continue
        if t.i + 2 < n and doc[t.i + 2].is_title and doc[t.i + 2].pos_ == "PROPN":
            continue
        if lex.country_of(nxt.text) or lex.country_of(t.text):
            continue
        out.append(Mention(t.i, t.i + 2, "Person", span_text(doc, t.i, t.i + 2)))
    return out


def missed_countries(doc: Doc, lex: Lexicon, taken: set[int]) -> list[Mention]:
    """Capitalised country names and demonyms the model did not tag."""
    out = []
    for t in doc:
        if t.i in taken or not t.is_title or not t.is_alpha:
            continue
        if normal_name(t.text) in lex.demonyms and t.pos_ in {"ADJ", "PROPN", "NOUN"}:
            out.append(Mention(t.i, t.i + 1, "Country", lex.demonyms[normal_name(t.text)], kind="demonym"))
        elif normal_name(t.text) in lex.countries and t.pos_ == "PROPN":
            out.append(Mention(t.i, t.i + 1, "Country", lex.countries[normal_name(t.text)]))
    return out


def surname_mentions(doc: Doc, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """A capitalised word equal to the surname of a person named in full is that person, even
    where the model missed it or called it a place ("Kannan told reporters")."""
    last: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "Person" and len(m.name.split()) > 1:
            last.setdefault(normal_name(m.name).split()[-1], set()).add(m.name)
    tm = token_mention(mentions)
    out = list(mentions)
    for t in doc:
        names = last.get(normal_name(t.text))
        if not names or len(names) != 1 or t.pos_ not in {"PROPN", "NOUN"} or not t.is_title:
            continue
        cur = tm.get(t.i)
        if cur is not None and (cur.label == "Person" or cur.end - cur.start > 1 or lex.country_of(t.text)):
            continue
        if cur is not None:
            out.remove(cur)
        out.append(Mention(t.i, t.i + 1, "Person", next(iter(names)), kind="surname"))
    return sorted(out, key=lambda m: m.start)


def org_phrases(doc: Doc, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """"the French defence ministry", "Russia's foreign ministry": an organisation of a country."""
    tm = token_mention(mentions)
    out = []
    for head in doc:
        if head.lower_ not in lex.org_descriptor_heads or not head.is_lower or head.i in tm or head.pos_ not in {"NOUN", "PROPN"}:
            continue
        mods = [c for c in head.lefts if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        owners = [tm[c.i] for c in mods if c.i in tm and tm[c.i].label == "Country"]
        if not owners:
            continue
        country = owners[0]
        words = [c for c in doc[country.end : head.i] if c.is_alpha and c.text not in POSSESSIVE]
        if any(not w.is_lower for w in words):
            continue
        start = country.end + (1 if country.end < head.i and doc[country.end].text in POSSESSIVE else 0)
        name = " ".join([lex.adjective(country.name), *(w.text for w in words), head.text])
        out.append(Mention(start, head.i + 1, "Organization", name, kind="description"))
    return out
