"""RUN_BY: programs and their owners.

"<country|demonym|its> <domain modifiers> program|mission|project" becomes a Program named
"<Adjective> <modifiers> <head>" run by that country; named spacecraft take their owner from a
possessive, a conjunct, or the country that launches/builds/ships them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import normal_name
from .entities import Mention, token_mention
from .lexicon import Lexicon
from .syntax import OWNER_CLIMB, POSSESSIVE, subject_of


def np_head(t: Token) -> Token:
    """Climb from a name inside a noun phrase to the phrase's head noun."""
    seen = 0
    while t.dep_ in {"compound", "nmod", "nummod", "appos", "amod"} and t.head.pos_ in {"NOUN", "PROPN"} and seen < 4:
        t = t.head
        seen += 1
    return t


def program_phrases(doc: Doc, lex: Lexicon, mentions: list[Mention], resolve_its: dict[int, Mention]) -> list[Mention]:
    """Program noun phrases: "China's lunar program" -> Program "Chinese lunar program" (owner China)."""
    tm = token_mention(mentions)
    out: list[Mention] = []
    for head in doc:
        if head.lower_ not in lex.program_heads or head.pos_ != "NOUN" or head.i in tm:
            continue
        left = [c for c in head.lefts if c.dep_ in {"compound", "amod", "nmod", "poss", "det"}]
        if not left:
            continue
        start = min(c.left_edge.i for c in left)
        toks = list(doc[start : head.i + 1])
        owner: Mention | None = None
        mods: list[Token] = []
        proper = False
        for t in toks[:-1]:
            m = tm.get(t.i)
            if m is not None and m.label in {"Country", "Organization"}:
                owner = owner or m
                continue
            if m is not None and m.label == "Location" and normal_name(m.name) in lex.capitals and t.i == m.end - 1 and t.dep_ == "poss":
                owner = owner or Mention(m.start, m.end, "Country", lex.capitals[normal_name(m.name)])
                continue
            if t.lower_ in {"its", "their"} and t.i in resolve_its:
                owner = owner or resolve_its[t.i]
                continue
            if t.pos_ in {"DET", "PRON", "PART", "PUNCT"} or t.text in POSSESSIVE:
                continue
            if t.pos_ == "ADJ" and normal_name(t.text) not in lex.program_modifiers:
                continue  # "its own", "ambitious", "new": not part of the name
            if m is not None and m.label == "Program":
                proper = True
            if t.pos_ == "PROPN":
                proper = True
            mods.append(t)
        if not mods:
            continue
        if not proper and not any(normal_name(t.text) in lex.program_modifiers for t in mods):
            continue
        if owner is None and not proper:
            continue
        words = " ".join(t.text if t.pos_ == "PROPN" else t.lower_ for t in mods)
        noun = head.lemma_.lower() if head.lower_.endswith("s") else head.lower_
        if owner is not None and owner.label == "Country":
            name = f"{lex.adjective(owner.name)} {words} {noun}"
        elif owner is not None:
            name = f"{owner.name} {words} {noun}"
        else:
            name = f"{words} {noun}"
        first_kept = next(t for t in toks if t.pos_ not in {"DET"})
        m = Mention(first_kept.i, head.i + 1, "Program", name, kind="description")
        m.owner = owner
        out.append(m)
    return out


def program_owner(doc: Doc, lex: Lexicon, m: Mention, tm: dict[int, Mention], resolved: dict[int, Mention], depth: int = 0) -> Mention | None:
    """Owner of a named program from its context (possessive, demonym, conjunct, governing verb)."""
    root = doc[m.start : m.end].root
    head = np_head(root)
    chain = [root, head] + [c for c in head.children if c.dep_ in {"poss", "amod", "compound"}]
    for t in chain:
        for c in [t, *t.children]:
            if c.dep_ in {"poss", "amod", "compound", "nmod"} and c.i not in range(m.start, m.end):
                o = tm.get(c.i) or resolved.get(c.i)
                if o is not None and o.label in {"Country", "Organization"}:
                    return o
    if head.dep_ == "conj" and depth == 0:
        first = head.head
        o = next((x for x in tm.values() if x.label == "Program" and np_head(doc[x.start : x.end].root) is first), None)
        if o is not None:
            return program_owner(doc, lex, o, tm, resolved, depth + 1)
        head = first
    verb = head.head
    if verb.pos_ == "ADP":
        verb = verb.head
    if verb.pos_ == "VERB" and verb.lemma_.lower() in lex.owner_verbs and head.dep_ in {"dobj", "nsubjpass", "pobj", "conj"}:
        subj = subject_of(verb, climb=OWNER_CLIMB)
        if subj is not None:
            o = tm.get(subj.i) or resolved.get(subj.i)
            if o is not None and o.label in {"Country", "Organization"}:
                return o
    return None
