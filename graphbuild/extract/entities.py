"""Entity rules: map spaCy's entities to the graph's labels and correct the small model's errors.

Country (GPE countries; demonyms and possessives resolve to the country), Person, Organization,
Program, Location. General corrections: celestial bodies and place names followed by a
geographic noun are never persons; names in headlines only count when the body confirms them;
capitalised names ending in an organisation noun are organisations; name + number next to a
spacecraft noun is a program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..ids import entity_key, normal_name
from .lexicon import LEX

POSSESSIVE = {"'s", "’s", "'", "’"}
NAME_PARTICLES = {"de", "da", "van", "von", "bin", "al", "el", "la", "le", "di", "du", "der", "den", "ter", "y", "ibn", "abu", "bint", "dos", "das", "del"}
_CELESTIAL = LEX.words("celestial")
_CELESTIAL_AMBIGUOUS = LEX.words("celestial_ambiguous")
_GEO_HEADS = LEX.words("geo_heads")
_FACILITY_HEADS = LEX.words("facility_heads")
_ORG_HEADS = LEX.words("org_heads")
_ORG_DESCRIPTORS = LEX.words("org_descriptors")
_HONORIFICS = LEX.words("honorifics")
_SPACECRAFT_HEADS = {w.split()[-1] for w in LEX.words("spacecraft_heads")}
_PROGRAM_NAMES = {normal_name(n) for n, _ in LEX.program_names}
_PROGRAM_AFTER = _SPACECRAFT_HEADS | {"missile", "missiles", "jet", "jets", "fighter", "bomber", "submarine", "tank", "drone", "reactor", "vaccine", "program", "programme", "mission"}
_TITLE_MODIFIERS = {"deputy", "vice", "prime", "first", "foreign", "defense", "defence", "chief", "former", "acting"}


@dataclass
class Mention:
    """A doc-level entity mention (token offsets)."""

    start: int
    end: int
    label: str
    name: str
    kind: str = "name"
    text: str = ""
    owner: str | None = None  # Program owner (entity key), when the phrase shows it
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return entity_key(self.label, self.name)


def _headline_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of title-case lines without sentence punctuation (headlines, subheads)."""
    out = []
    pos = 0
    for line in doc.text.split("\n"):
        s = line.strip()
        words = [w for w in s.split() if any(c.isalpha() for c in w)]
        if 0 < len(words) <= 25 and not s.endswith((".", "”", '"', ":", ";")):
            long_words = [w for w in words if len(w.strip("'’\"“”,.:")) > 3]
            caps = sum(1 for w in long_words if w[0].isupper())
            if long_words and caps / len(long_words) >= 0.75 and s[0] not in "“\"":
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
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


def _text(doc: Doc, s: int, e: int) -> str:
    return doc[s:e].text if e > s else ""


def _person_bounds(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    # Drop honorifics and titles the model put inside the name ("President Putin").
    while s < e and (
        normal_name(doc[s].text) in _HONORIFICS
        or normal_name(doc[s].text) in LEX.title_words
        or doc[s].lower_ in _TITLE_MODIFIERS
        or LEX.is_demonym(doc[s].text)
    ):
        s += 1
    if s >= e:
        return None
    for t in doc[s:e]:
        if t.like_num or any(c.isdigit() for c in t.text):
            return None
        if t.is_alpha and t.is_lower and t.text not in NAME_PARTICLES:
            return None
    return s, e


def _program_name(doc: Doc, s: int, e: int) -> str | None:
    text = normal_name(_text(doc, s, e))
    if text in _PROGRAM_NAMES:
        return _text(doc, s, e)
    if e - s >= 2 and doc[e - 1].like_num and normal_name(_text(doc, s, e - 1)) in _PROGRAM_NAMES:
        return _text(doc, s, e)
    return None


def _classify(ent: Span, headline: bool) -> Mention | None:
    doc = ent.doc
    s, e = _trim(ent)
    if s >= e:
        return None
    text = _text(doc, s, e)
    norm = normal_name(text)
    label = ent.label_
    if label == "PROGRAM":
        return Mention(s, e, "Program", text)
    before = doc[s - 1].lower_ if s > 0 else ""
    after = doc[e] if e < len(doc) else None
    if norm in _CELESTIAL and (norm not in _CELESTIAL_AMBIGUOUS or before == "the" or headline):
        return None
    prog = _program_name(doc, s, e)
    if prog and label not in {"GPE", "NORP"}:
        return Mention(s, e, "Program", prog)
    if after is not None and after.is_lower and after.lower_ in _PROGRAM_AFTER and label in {"ORG", "PRODUCT", "PERSON", "WORK_OF_ART", "FAC"}:
        return Mention(s, e, "Program", text)  # "the BrahMos missile", "the Orion capsule"
    if label == "ORG" and e - s == 1 and (
        (s >= 2 and doc[s - 1].lower_ == "of" and normal_name(doc[s - 2].text) in LEX.title_words)
        or (after is not None and normal_name(after.text) in LEX.title_words)
    ):
        return None  # "Minister of Defence", "Defence Minister": part of a title
    if after is not None and after.is_lower and after.lower_ in _GEO_HEADS and label in {"PERSON", "ORG", "GPE", "LOC", "NORP"}:
        return Mention(s, e, "Location", text)
    if label == "NORP":
        country = LEX.country_of(text)
        return Mention(s, e, "Country", country, kind="demonym") if country else None
    if label in {"GPE", "LOC", "FAC", "ORG"}:
        country = LEX.country_of(text)
        if country:
            kind = "demonym" if normal_name(text) in LEX.demonyms else "name"
            return Mention(s, e, "Country", country, kind=kind)
    if label in {"GPE", "LOC", "FAC"}:
        if (
            _looks_like_person(doc, s, e)
            and doc[s].lower_ not in _NAME_WORDS
            and doc[e - 1].lower_ not in _PLACE_WORDS
            and norm not in LEX.capitals
        ):
            return Mention(s, e, "Person", text)  # "Marta Quispe" tagged as a place
        return Mention(s, e, "Location", text)
    if label == "ORG":
        if any(norm.endswith(h) for h in _FACILITY_HEADS):
            return Mention(s, e, "Location", text)
        # "Xinhua news agency" -> "Xinhua": drop trailing lowercase descriptors.
        e2 = e
        while e2 - 1 > s and doc[e2 - 1].is_lower and doc[e2 - 1].is_alpha:
            e2 -= 1
        if e2 < e and normal_name(_text(doc, e2, e)) not in _ORG_DESCRIPTORS:
            e2 = e
        if _looks_like_person(doc, s, e):
            return Mention(s, e, "Person", text)
        name = _text(doc, s, e2)
        if all(t.lower_ in _GENERIC_ORG_WORDS for t in doc[s:e2]):
            # "Japan's Defense Ministry" -> "Japanese Defense Ministry": generic names get their country.
            owner = _country_before(doc, s)
            if owner:
                name = f"{LEX.adjective(owner)} {name}"
        return Mention(s, e, "Organization", name)
    if label == "PERSON":
        b = _person_bounds(doc, s, e)
        if b is None:
            return None
        return Mention(b[0], b[1], "Person", _text(doc, *b))
    return None


_ORG_SUFFIXES = _ORG_HEADS | _FACILITY_HEADS | {
    "post", "times", "daily", "news", "tech", "media", "press", "journal", "herald", "tribune", "telegraph",
    "gazette", "inc", "corp", "co", "ltd", "llc", "plc", "capital", "partners", "holdings", "airlines", "airways",
    "motors", "systems", "labs", "center", "centre", "college", "school", "hospital", "club", "fc", "united", "city",
    "bros", "brothers", "sons", "energy", "oil", "gas", "pharma", "bank", "fund", "trust", "network", "radio", "tv",
}


def _looks_like_person(doc: Doc, s: int, e: int) -> bool:
    """An ORG span that is a given name + surname ("Kemal Arslan"), a common small-model error."""
    toks = doc[s:e]
    if not 2 <= len(toks) <= 3 or not all(t.is_alpha and t.is_title for t in toks):
        return False
    first, last = toks[0].lower_, toks[-1].lower_
    if last in _ORG_SUFFIXES or any(t.lower_ in _ORG_SUFFIXES or LEX.country_of(t.text) for t in toks):
        return False
    return first in LEX.first_names


_GENERIC_ORG_WORDS = _ORG_HEADS | {
    "foreign", "defense", "defence", "interior", "finance", "justice", "health", "education", "trade", "economy",
    "economic", "energy", "state", "national", "security", "joint", "chiefs", "of", "staff", "armed", "central",
    "supreme", "general", "public", "affairs", "home", "internal", "emergency", "emergencies", "situations",
    "environment", "agriculture", "culture", "science", "technology", "transport", "labor", "labour", "intelligence",
    "space", "nuclear", "the", "and", "for", "prosecutor", "prosecutor's", "border", "coast", "guard", "police",
}


def _country_before(doc: Doc, s: int) -> str | None:
    """The country named right before a name: "Japan's X", "Chinese X"."""
    if s >= 2 and doc[s - 1].text in POSSESSIVE:
        return LEX.countries.get(normal_name(doc[s - 2].text))
    if s >= 1 and doc[s - 1].is_title:
        return LEX.demonyms.get(normal_name(doc[s - 1].text))
    return None


def _org_head_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
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
            last.lower_ in _ORG_HEADS
            and (j - i >= 2 or not first.is_sent_start)
            and normal_name(first.text) not in LEX.title_words
            and first.lower_ not in _TITLE_MODIFIERS
            and not LEX.is_demonym(first.text)
        ):
            name = _text(doc, i, j)
            owner = _country_before(doc, i) if all(t.lower_ in _GENERIC_ORG_WORDS for t in doc[i:j]) else None
            out.append(Mention(i, j, "Organization", f"{LEX.adjective(owner)} {name}" if owner else name))
        i = max(j, i + 1)
    return out


def _spacecraft_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
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
        if near & _SPACECRAFT_HEADS:
            out.append(Mention(t.i, t.i + 2, "Program", _text(doc, t.i, t.i + 2)))
    return out


# Last words of place names that start with a given name ("Virginia Beach", "Charlotte County").
_PLACE_WORDS = {
    "beach", "city", "county", "island", "islands", "springs", "falls", "valley", "heights", "park", "hills", "lake",
    "river", "bay", "port", "harbor", "harbour", "mount", "fort", "town", "village", "station", "street", "avenue",
    "square", "bridge", "airport", "creek", "point", "sound", "coast", "land", "ville", "field", "wood", "ridge",
}

# Given names that are also everyday words or months: not enough alone to call a pair a person.
_NAME_WORDS = {
    "may", "june", "april", "august", "will", "mark", "bill", "rose", "grace", "hope", "faith", "joy", "summer",
    "dawn", "king", "major", "young", "long", "price", "rich", "white", "black", "brown", "green", "gray", "grey",
    "general", "page", "chase", "guy", "jack", "pat", "sun", "star", "art", "crystal", "ruby", "jade", "ray",
    "north", "south", "east", "west", "new", "great", "little", "big", "old", "saint", "san", "santa", "la", "le",
    "de", "al", "el", "van", "von", "christian", "justice", "london", "paris", "israel", "jordan", "georgia",
}


def _missed_people(doc: Doc, taken: set[int]) -> list[Mention]:
    """Given name + surname the model missed ("Ana Ruiz met ..."), from the given-name list."""
    out = []
    n = len(doc)
    for t in doc[:-1]:
        nxt = doc[t.i + 1]
        if t.i in taken or nxt.i in taken or t.pos_ != "PROPN" or nxt.pos_ != "PROPN":
            continue
        if not (t.is_title and nxt.is_title and t.is_alpha and nxt.is_alpha):
            continue
        if t.lower_ not in LEX.first_names or t.lower_ in _NAME_WORDS or nxt.lower_ in _ORG_SUFFIXES:
            continue
        prev = doc[t.i - 1] if t.i > 0 else None
        if prev is not None and prev.is_title and prev.pos_ == "PROPN" and not (
            is_title_token(prev) or normal_name(prev.text) in _HONORIFICS or LEX.is_demonym(prev.text)
        ):
            continue
        if t.i + 2 < n and doc[t.i + 2].is_title and doc[t.i + 2].pos_ == "PROPN":
            continue
        if LEX.country_of(nxt.text) or LEX.country_of(t.text):
            continue
        out.append(Mention(t.i, t.i + 2, "Person", _text(doc, t.i, t.i + 2)))
    return out


def _missed_countries(doc: Doc, taken: set[int]) -> list[Mention]:
    out = []
    for t in doc:
        if t.i in taken or not t.is_title or not t.is_alpha:
            continue
        if normal_name(t.text) in LEX.demonyms and t.pos_ in {"ADJ", "PROPN", "NOUN"}:
            out.append(Mention(t.i, t.i + 1, "Country", LEX.demonyms[normal_name(t.text)], kind="demonym"))
        elif normal_name(t.text) in LEX.countries and t.pos_ == "PROPN":
            out.append(Mention(t.i, t.i + 1, "Country", LEX.countries[normal_name(t.text)]))
    return out


def find_entities(doc: Doc) -> list[Mention]:
    """All entity mentions of a Doc, corrected and labelled with the graph's vocabulary.

    >>> # doc = nlp("Turkish Deputy Prime Minister Kemal Arslan flew to the Atacama desert.")
    >>> # [(m.label, m.name) for m in find_entities(doc)]
    >>> # [('Country', 'Turkey'), ('Person', 'Kemal Arslan'), ('Location', 'Atacama')]
    """
    headlines = _headline_ranges(doc)
    body: list[Mention] = []
    heads: list[Mention] = []
    for ent in doc.ents:
        hl = _in_ranges(ent.start_char, headlines)
        m = _classify(ent, hl)
        if m is None:
            continue
        (heads if hl and m.label not in {"Country"} else body).append(m)
    confirmed = {normal_name(m.name) for m in body}
    confirmed_tokens = {normal_name(m.name).split()[-1] for m in body if m.label == "Person"}
    for m in heads:
        n = normal_name(m.name)
        if n in confirmed or (m.label == "Person" and n.split()[-1] in confirmed_tokens) or m.label == "Program":
            body.append(m)
    taken = {i for m in body for i in range(m.start, m.end)}
    extra = _org_head_mentions(doc, taken) + _spacecraft_mentions(doc, taken)
    taken |= {i for m in extra for i in range(m.start, m.end)}
    extra += _missed_countries(doc, taken)
    taken |= {i for m in extra for i in range(m.start, m.end)}
    extra += _missed_people(doc, taken)
    mentions = sorted(body + extra, key=lambda m: m.start)
    for m in mentions:
        # "Roscosmos, the Russian space agency": a name whose appositive is an organisation noun.
        if m.label == "Person" and m.end - m.start == 1:
            root = doc[m.start]
            if any(c.dep_ == "appos" and c.lower_ in _ORG_HEADS for c in root.children):
                m.label = "Organization"
    cluster_people(mentions)
    mentions = _surname_mentions(doc, mentions)
    mentions = sorted(mentions + _org_phrases(doc, mentions), key=lambda m: m.start)
    for m in mentions:
        m.text = _text(doc, m.start, m.end)
    return mentions


def _surname_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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
        if cur is not None and (cur.label == "Person" or cur.end - cur.start > 1 or LEX.country_of(t.text)):
            continue
        if cur is not None:
            out.remove(cur)
        out.append(Mention(t.i, t.i + 1, "Person", next(iter(names)), kind="surname"))
    return sorted(out, key=lambda m: m.start)


_ORG_DESCRIPTOR_HEADS = {
    "ministry", "government", "agency", "embassy", "army", "navy", "military", "parliament", "council", "commission",
    "cabinet", "administration", "police", "court", "presidency", "office", "department", "regime", "regulator",
    "watchdog", "central bank", "legislature", "senate", "congress", "coast guard", "air force", "foreign ministry",
}


def _org_phrases(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"the French defence ministry", "Russia's foreign ministry": an organisation of a country."""
    tm = token_mention(mentions)
    out = []
    for head in doc:
        if head.lower_ not in _ORG_DESCRIPTOR_HEADS or not head.is_lower or head.i in tm or head.pos_ not in {"NOUN", "PROPN"}:
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
        name = " ".join([LEX.adjective(country.name), *(w.text for w in words), head.text])
        out.append(Mention(start, head.i + 1, "Organization", name, kind="description"))
    return out


def cluster_people(mentions: list[Mention]) -> dict[str, str]:
    """Give short person names the full name they abbreviate ("Kannan" -> "Sreedhar Kannan").

    A name of one word joins the unique longer name ending in it (or, failing that, containing
    it). Returns the mapping applied, from normal short name to full name.
    """
    full = sorted({m.name for m in mentions if m.label == "Person" and len(m.name.split()) > 1}, key=len, reverse=True)
    mapping: dict[str, str] = {}
    for m in mentions:
        if m.label != "Person":
            continue
        words = normal_name(m.name).split()
        if len(words) > 1:
            # "Vladimir Putin" vs "Vladimir V. Putin": keep the first (longest) full form with same ends.
            for f in full:
                fw = normal_name(f).split()
                if f != m.name and len(fw) > len(words) and fw[0] == words[0] and fw[-1] == words[-1]:
                    mapping[normal_name(m.name)] = f
                    m.name = f
                    break
            continue
        last = [f for f in full if normal_name(f).split()[-1] == words[0]]
        cands = last or [f for f in full if words[0] in normal_name(f).split()]
        if len({normal_name(c) for c in cands}) == 1:
            mapping[normal_name(m.name)] = cands[0]
            m.name = cands[0]
            m.kind = "surname"
    return mapping


def token_mention(mentions: list[Mention]) -> dict[int, Mention]:
    """Index: token index -> the mention covering it."""
    return {i: m for m in mentions for i in range(m.start, m.end)}


def is_title_token(t: Token) -> bool:
    """True for role words: "minister", "premier", "President", "spokeswoman"..."""
    return normal_name(t.text) in LEX.title_words
