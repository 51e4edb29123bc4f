"""Entity rules: spaCy's entities mapped to the graph's labels, corrected, completed and clustered.

Country (GPE countries; demonyms and possessives resolve to the country), Person, Organization,
Program, Location. See `classify` (the model's entities) and `missed` (what it missed).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ...model import normal_name
from ..lexicon import Lexicon
from .classify import classify, headline_ranges, in_ranges
from .mentions import Mention, span_text, token_mention
from .missed import (
    missed_countries,
    missed_people,
    org_head_mentions,
    org_phrases,
    spacecraft_mentions,
    surname_mentions,
)
from .names import clean_person_names

__all__ = ["Mention", "cluster_people", "find_entities", "token_mention"]


def find_entities(doc: Doc, lex: Lexicon) -> list[Mention]:
    """All entity mentions of a Doc, corrected and labelled with the graph's vocabulary.

    >>> # doc = nlp("Turkish Deputy Prime Minister Kemal Arslan flew to the Atacama desert.")
    >>> # [(m.label, m.name) for m in find_entities(doc, default_lexicon())]
    >>> # [('Country', 'Turkey'), ('Person', 'Kemal Arslan'), ('Location', 'Atacama')]
    """
    headlines = headline_ranges(doc)
    body: list[Mention] = []
    heads: list[Mention] = []
    for ent in doc.ents:
        hl = in_ranges(ent.start_char, headlines)
        m = classify(ent, lex, headline=hl)
        if m is None:
            continue
        (heads if hl and m.label not in {"Country"} else body).append(m)
    clean_person_names(doc, lex, body, heads)
    confirmed = {normal_name(m.name) for m in body}
    confirmed_tokens = {normal_name(m.name).split()[-1] for m in body if m.label == "Person"}
    for m in heads:
        n = normal_name(m.name)
        # A headline name counts when the body has it, or (one word) ends a body person's name.
        if n in confirmed or (m.label == "Person" and " " not in n and n in confirmed_tokens) or m.label == "Program":
            body.append(m)
    taken = {i for m in body for i in range(m.start, m.end)}
    extra = org_head_mentions(doc, lex, taken) + spacecraft_mentions(doc, lex, taken)
    taken |= {i for m in extra for i in range(m.start, m.end)}
    extra += missed_countries(doc, lex, taken)
    taken |= {i for m in extra for i in range(m.start, m.end)}
    extra += missed_people(doc, lex, taken)
    mentions = sorted(body + extra, key=lambda m: m.start)
    for m in mentions:
        # "Roscosmos, the Russian space agency": a name whose appositive is an organisation noun.
        if m.label == "Person" and m.end - m.start == 1:
            root = doc[m.start]
            if any(c.dep_ == "appos" and c.lower_ in lex.org_heads for c in root.children):
                m.label = "Organization"
    cluster_people(mentions)
    mentions = surname_mentions(doc, lex, mentions)
    mentions = sorted(mentions + org_phrases(doc, lex, mentions), key=lambda m: m.start)
    for m in mentions:
        m.text = span_text(doc, m.start, m.end)
    return mentions


def cluster_people(mentions: list[Mention]) -> dict[str, str]:
    """Give short person names the full name they abbreviate ("Kannan" -> "Sreedhar Kannan").

    A name of one word joins the unique longer name ending in it (or, failing that, containing
    it). Returns the mapping applied, from normal short name to full name.
    """
    full = sorted({m.name for m in mentions if m.label == "Person" and len(m.name.split()) > 1}, key=len, reverse=True)
    # Indexes of `full` (each list in its order), so a mention costs its candidates, not all names.
    by_ends: dict[tuple[str, str], list[tuple[str, int]]] = {}
    by_last: dict[str, list[str]] = {}
    by_word: dict[str, list[str]] = {}
    for f in full:
        fw = normal_name(f).split()
        if not fw:
            continue
        by_ends.setdefault((fw[0], fw[-1]), []).append((f, len(fw)))
        by_last.setdefault(fw[-1], []).append(f)
        for w in dict.fromkeys(fw):
            by_word.setdefault(w, []).append(f)
    mapping: dict[str, str] = {}
    for m in mentions:
        if m.label != "Person":
            continue
        words = normal_name(m.name).split()
        if len(words) > 1:
            # "Vladimir Putin" vs "Vladimir V. Putin": keep the first (longest) full form with same ends.
            for f, n in by_ends.get((words[0], words[-1]), ()):
                if f != m.name and n > len(words):
                    mapping[normal_name(m.name)] = f
                    m.name = f
                    break
            continue
        if not words:
            continue
        last = by_last.get(words[0], [])
        cands = last or by_word.get(words[0], [])
        if len({normal_name(c) for c in cands}) == 1:
            mapping[normal_name(m.name)] = cands[0]
            m.name = cands[0]
            m.kind = "surname"
    return mapping
