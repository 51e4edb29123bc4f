"""Relation rules: HOLDS_ROLE from titles next to names, RUN_BY from program noun phrases.

- Pre-name titles: "Turkish Deputy Prime Minister Kemal Arslan", "Vice-Premier of China's State
  Council Li Wei"; appositives either side: "Brazil's Ambassador to Peru, Paulo Lima",
  "Paulo Lima, Brazil's ambassador to Peru,". The owner is a leading country/demonym/
  organisation or the first country (else organisation) after "of"; "to X" stays in the title.
- Programs: "<country|demonym|its> <domain modifiers> program|mission|project" becomes a Program
  named "<Adjective> <modifiers> <head>" run by that country; named spacecraft take their owner
  from a possessive, a conjunct, or the country that launches/builds/ships them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..ids import normal_name
from .entities import POSSESSIVE, Mention, is_title_token, token_mention
from .lexicon import LEX

_CONNECTORS = {"of", "to", "for", "the", "and", "-", "–", "on"}
_SMALL = {"of", "to", "for", "the", "and", "on", "in", "at"}
_LOWER_TITLE_MODIFIERS = {"deputy", "vice", "chief", "prime", "foreign", "defense", "defence", "senior", "top", "press", "executive"}
_OWNER_VERBS = {"launch", "develop", "build", "operate", "run", "fund", "ship", "deploy", "test", "send", "unveil", "fly", "design", "finance", "manage"}
_PROGRAM_HEADS = LEX.words("program_heads")
_PROGRAM_MODIFIERS = LEX.words("program_modifiers")


@dataclass
class Role:
    """A title held by a person, with the country/organisation it belongs to when known."""

    person: str
    title: str
    title_class: str | None
    target_label: str | None
    target: str | None
    start: int  # token span of title phrase + name
    end: int


def display_title(doc: Doc, toks: list[Token]) -> str:
    """The title as written, in title case: "deputy prime minister" -> "Deputy Prime Minister"."""
    text = doc[toks[0].i : toks[-1].i + 1].text
    words = text.split(" ")
    out = []
    for k, w in enumerate(words):
        if k and w.lower() in _SMALL:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def _analyse_phrase(doc: Doc, toks: list[Token], tm: dict[int, Mention], pronouns: dict[int, Mention]) -> tuple[list[Token], Mention | None]:
    """Split a title phrase into (title tokens, owner mention)."""
    while toks and (toks[0].lower_ in {"the", "a", "an", "former", "then"} | _CONNECTORS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].lower_ in _CONNECTORS):
        toks = toks[:-1]
    if not toks:
        return [], None
    owner: Mention | None = None
    # A leading country, demonym, organisation or "its": "Russian President", "Russia's Ambassador".
    first = tm.get(toks[0].i) or (pronouns.get(toks[0].i) if toks[0].lower_ in {"its", "their"} else None)
    if first is not None and first.label in {"Country", "Organization"}:
        owner = first
        k = 0
        while k < len(toks) and (toks[k].i in tm and tm[toks[k].i] is first or toks[k].text in POSSESSIVE or toks[k].lower_ in {"its", "their"}):
            k += 1
        toks = toks[k:]
    else:
        # "of <...>": the first country, else organisation, after "of".
        for k, t in enumerate(toks):
            if t.lower_ == "of" and k > 0:
                tail = [tm[x.i] for x in toks[k + 1 :] if x.i in tm]
                owner = next((m for m in tail if m.label == "Country"), None) or next(
                    (m for m in tail if m.label == "Organization"), None
                )
                if owner is not None:
                    toks = toks[:k]
                break
    while toks and toks[0].text in POSSESSIVE:
        toks = toks[1:]
    return toks, owner


def _pre_name_phrase(doc: Doc, m: Mention, tm: dict[int, Mention]) -> list[Token]:
    toks: list[Token] = []
    i = m.start - 1
    while i >= 0 and len(toks) < 10:
        t = doc[i]
        other = tm.get(i)
        if other is not None and other.label == "Person":
            break
        ok = (
            (t.is_alpha and (t.is_title or t.is_upper))
            or is_title_token(t)  # lowercase role words: "Kremlin spokesman Dmitry Peskov"
            or (t.lower_ in _LOWER_TITLE_MODIFIERS and bool(toks))
            or t.lower_ in _CONNECTORS
            or t.text in POSSESSIVE
            or (other is not None and other.label in {"Country", "Organization"})
        )
        if not ok:
            break
        toks.insert(0, t)
        if t.is_sent_start:
            break
        i -= 1
    return toks


def find_roles(doc: Doc, mentions: list[Mention], pronouns: dict[int, Mention] | None = None) -> list[Role]:
    """Titles held by the people of a Doc (see module docstring for the patterns).

    `pronouns` resolves "its" in "Its foreign minister, X" to a country or organisation.
    """
    tm = token_mention(mentions)
    roles: list[Role] = []
    for m in mentions:
        if m.label != "Person":
            continue
        phrases: list[list[Token]] = []
        pre = _pre_name_phrase(doc, m, tm)
        if pre:
            phrases.append(pre)
        root = doc[m.start : m.end].root
        # "<title phrase>, NAME": the name is an appositive of the title's head.
        if root.dep_ == "appos" and root.head.i < m.start and m.start > 0 and doc[m.start - 1].text == ",":
            head = root.head
            # The parser often hangs the name on the last noun ("ambassador to Peru, Lima"): climb.
            while head.dep_ in {"pobj", "prep"} and head.head.i < head.i:
                head = head.head
            phrases.append([t for t in doc[head.left_edge.i : m.start - 1] if t.i < m.start - 1])
        # "NAME, <title phrase>,": an appositive child after the name.
        for child in root.children:
            if child.dep_ == "appos" and child.i >= m.end:
                phrases.append(list(doc[child.left_edge.i : child.right_edge.i + 1]))
        for toks in phrases:
            if not any(is_title_token(t) for t in toks):
                continue
            if any(t.i in tm and tm[t.i].label == "Person" for t in toks):
                continue
            title_toks, owner = _analyse_phrase(doc, toks, tm, pronouns or {})
            if owner is None:
                # "Finance Minister Ana Ruiz of Chile"
                for prep in (c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"):
                    obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
                    cand = tm.get(obj.i) if obj is not None else None
                    if cand is not None and cand.label in {"Country", "Organization"}:
                        owner = cand
            if not title_toks or not any(is_title_token(t) for t in title_toks):
                continue
            title = display_title(doc, title_toks)
            roles.append(
                Role(
                    person=m.name,
                    title=title,
                    title_class=LEX.title_of(title),
                    target_label=owner.label if owner else None,
                    target=owner.name if owner else None,
                    start=min(toks[0].i, m.start),
                    end=max(toks[-1].i + 1, m.end),
                )
            )
            break
    return roles


def np_head(t: Token) -> Token:
    """Climb from a name inside a noun phrase to the phrase's head noun."""
    seen = 0
    while t.dep_ in {"compound", "nmod", "nummod", "appos", "amod"} and t.head.pos_ in {"NOUN", "PROPN"} and seen < 4:
        t = t.head
        seen += 1
    return t


def program_phrases(doc: Doc, mentions: list[Mention], resolve_its: dict[int, Mention]) -> list[Mention]:
    """Program noun phrases: "China's lunar program" -> Program "Chinese lunar program" (owner China)."""
    tm = token_mention(mentions)
    out: list[Mention] = []
    for head in doc:
        if head.lower_ not in _PROGRAM_HEADS or head.pos_ != "NOUN" or head.i in tm:
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
            if m is not None and m.label == "Location" and normal_name(m.name) in LEX.capitals and t.i == m.end - 1 and t.dep_ == "poss":
                owner = owner or Mention(m.start, m.end, "Country", LEX.capitals[normal_name(m.name)])
                continue
            if t.lower_ in {"its", "their"} and t.i in resolve_its:
                owner = owner or resolve_its[t.i]
                continue
            if t.pos_ in {"DET", "PRON", "PART", "PUNCT"} or t.text in POSSESSIVE:
                continue
            if t.pos_ == "ADJ" and normal_name(t.text) not in _PROGRAM_MODIFIERS:
                continue  # "its own", "ambitious", "new": not part of the name
            if m is not None and m.label == "Program":
                proper = True
            if t.pos_ == "PROPN":
                proper = True
            mods.append(t)
        if not mods:
            continue
        if not proper and not any(normal_name(t.text) in _PROGRAM_MODIFIERS for t in mods):
            continue
        if owner is None and not proper:
            continue
        words = " ".join(t.text if t.pos_ == "PROPN" else t.lower_ for t in mods)
        noun = head.lemma_.lower() if head.lower_.endswith("s") else head.lower_
        if owner is not None and owner.label == "Country":
            name = f"{LEX.adjective(owner.name)} {words} {noun}"
        elif owner is not None:
            name = f"{owner.name} {words} {noun}"
        else:
            name = f"{words} {noun}"
        first_kept = next(t for t in toks if t.pos_ not in {"DET"})
        m = Mention(first_kept.i, head.i + 1, "Program", name, kind="description")
        m.owner = owner.key if owner else None
        m.extra["owner_label"] = owner.label if owner else ""
        m.extra["owner_name"] = owner.name if owner else ""
        out.append(m)
    return out


def _subject_of(verb: Token) -> Token | None:
    t = verb
    for _ in range(4):
        subj = next((c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            return subj
        if t.dep_ in {"xcomp", "conj", "advcl", "ccomp"} and t.head is not t:
            t = t.head
        else:
            return None
    return None


def program_owner(doc: Doc, m: Mention, tm: dict[int, Mention], resolved: dict[int, Mention], depth: int = 0) -> Mention | None:
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
            return program_owner(doc, o, tm, resolved, depth + 1)
        head = first
    verb = head.head
    if verb.pos_ == "ADP":
        verb = verb.head
    if verb.pos_ == "VERB" and verb.lemma_.lower() in _OWNER_VERBS and head.dep_ in {"dobj", "nsubjpass", "pobj", "conj"}:
        subj = _subject_of(verb)
        if subj is not None:
            o = tm.get(subj.i) or resolved.get(subj.i)
            if o is not None and o.label in {"Country", "Organization"}:
                return o
    return None
