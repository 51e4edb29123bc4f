"""HOLDS_ROLE: titles next to names.

- Pre-name titles: "Turkish Deputy Prime Minister Kemal Arslan", "Vice-Premier of China's State
  Council Li Wei"; appositives either side: "Brazil's Ambassador to Peru, Paulo Lima",
  "Paulo Lima, Brazil's ambassador to Peru,". The owner is a leading country/demonym/
  organisation or the first country (else organisation) after "of"; "to X" stays in the title.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import EntityLabel, normal_name
from .entities import Mention, token_mention
from .lexicon import Lexicon
from .syntax import POSSESSIVE

_CONNECTORS = {"of", "to", "for", "the", "and", "-", "–", "on"}
_SMALL = {"of", "to", "for", "the", "and", "on", "in", "at"}


@dataclass
class Role:
    """A title held by a person, with the country/organisation it belongs to when known."""

    person: str
    title: str
    title_class: str | None
    target_label: EntityLabel | None
    target: str | None
    start: int  # token span of title phrase + name
    end: int
    signature: str = ""  # `role_signature`: what resolution across articles compares


def is_deputy(lex: Lexicon, words: set[str], cls: str | None) -> bool:
    """A deputy's (or former holder's) role: "vice", "deputy", "former" outside a role class that
    already says so ("vice-premier" is the Deputy Prime Minister, not a deputy of the premier).

    >>> from graphbuild.extract.lexicon import default_lexicon
    >>> lex = default_lexicon()
    >>> is_deputy(lex, {"vice", "presidential", "nominee"}, "Candidate"), is_deputy(lex, {"vice", "premier"}, "Deputy Prime Minister")
    (True, True)
    """
    return bool(cls and set(normal_name(cls).split()) & lex.deputy_words) or bool(words & lex.deputy_words)


def role_signature(lex: Lexicon, words: set[str], cls: str | None, heads: set[str]) -> str:
    """A role as resolution across articles compares it: its class (else its role words), and
    whether it is a deputy's or a former holder's.

    >>> from graphbuild.extract.lexicon import default_lexicon
    >>> lex = default_lexicon()
    >>> role_signature(lex, {"the", "gop", "nominee"}, "Candidate", {"nominee"}), role_signature(lex, {"former", "president"}, "President", {"president"})
    ('Candidate', 'President;deputy;former')
    """
    sig = cls or "+".join(sorted(heads))
    if is_deputy(lex, words, cls):
        sig += ";deputy"
    return sig + (";former" if "former" in words else "")


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


def _analyse_phrase(doc: Doc, lex: Lexicon, toks: list[Token], tm: dict[int, Mention], pronouns: dict[int, Mention]) -> tuple[list[Token], Mention | None]:
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


def _pre_name_phrase(doc: Doc, lex: Lexicon, m: Mention, tm: dict[int, Mention]) -> list[Token]:
    toks: list[Token] = []
    i = m.start - 1
    while i >= 0 and len(toks) < 10:
        t = doc[i]
        other = tm.get(i)
        if other is not None and other.label == "Person":
            break
        ok = (
            (t.is_alpha and (t.is_title or t.is_upper))
            or lex.is_title_word(t.text)  # lowercase role words: "Kremlin spokesman Dmitry Peskov"
            or (t.lower_ in lex.lower_title_modifiers and bool(toks))
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


def find_roles(doc: Doc, lex: Lexicon, mentions: list[Mention], pronouns: dict[int, Mention] | None = None) -> list[Role]:
    """Titles held by the people of a Doc (see module docstring for the patterns).

    `pronouns` resolves "its" in "Its foreign minister, X" to a country or organisation.
    """
    tm = token_mention(mentions)
    roles: list[Role] = []
    for m in mentions:
        if m.label != "Person":
            continue
        phrases: list[list[Token]] = []
        pre = _pre_name_phrase(doc, lex, m, tm)
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
            if not any(lex.is_title_word(t.text) for t in toks):
                continue
            if any(t.i in tm and tm[t.i].label == "Person" for t in toks):
                continue
            title_toks, owner = _analyse_phrase(doc, lex, toks, tm, pronouns or {})
            if owner is None:
                # "Finance Minister Ana Ruiz of Chile"
                for prep in (c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"):
                    obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
                    cand = tm.get(obj.i) if obj is not None else None
                    if cand is not None and cand.label in {"Country", "Organization"}:
                        owner = cand
            if not title_toks or not any(lex.is_title_word(t.text) for t in title_toks):
                continue
            title = display_title(doc, title_toks)
            if any(t.lower_ == "former" for t in toks) and not title.startswith("Former"):
                title = f"Former {title}"  # a former holder does not hold the role: "the former president" is not "the president"
            cls = lex.title_of(title)
            words = set(normal_name(title).split())
            roles.append(
                Role(
                    person=m.name,
                    title=title,
                    title_class=cls,
                    target_label=owner.label if owner else None,
                    target=owner.name if owner else None,
                    start=min(toks[0].i, m.start),
                    end=max(toks[-1].i + 1, m.end),
                    signature=role_signature(lex, words, cls, {w for w in words if w in lex.title_words}),
                )
            )
            break
    return roles
