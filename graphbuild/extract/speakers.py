"""In-document coreference for speakers.

- surname -> full name (done by `entities.cluster_people`);
- pronouns -> the most recent compatible referent: "he/she" to the last person in subject
  position (or the last speaker), "it/its" to the nearest country/organisation subject;
- titles and descriptions -> the person who holds that role ("the Russian vice-premier" ->
  the Deputy Prime Minister of Russia named earlier; vice-premier, deputy prime minister and
  deputy premier are synonyms), "the ministry" -> the organisation named with that word.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import EntityLabel, MentionKind, normal_name
from .entities import Mention, token_mention
from .lexicon import Lexicon
from .quotemarks import QuoteSpan, scan_quotes
from .roles import Role, is_deputy, role_signature
from .syntax import ALL_PRONOUNS, FEMALE_PRONOUNS, PERSON_PRONOUNS, SUBJECT_DEPS, THING_PRONOUNS

# Determiners of a description that does not name the one holder of a role.
_NOT_ONE_HOLDER = frozenset({"a", "an", "another", "one", "some", "any", "his", "her", "their", "its", "my", "our", "your",
                             "several", "many", "each", "every", "two", "three", "both", "no"})


@dataclass(frozen=True)
class RoleDescription:
    """What a title or description says of the role it names ("the Russian vice-premier")."""

    cls: str | None  # role class from resources/titles.txt ("Deputy Prime Minister")
    words: set[str]  # normal words of the phrase
    heads: set[str]  # its role words ("premier")
    signature: str  # `roles.role_signature`: what resolution across articles compares
    countries: set[str]
    orgs: set[str]
    named: frozenset[str]  # other names and noun modifiers in it ("indiana", "delegation"), which the role must contain
    owner: tuple[EntityLabel, str] | None  # (label, name) of the one country or organisation it names


@dataclass
class Resolution:
    """A speaker (or referent) mention resolved to an entity."""

    mention: Mention  # label and canonical name of the entity
    kind: MentionKind
    start: int  # token span of the words that refer to it
    end: int


class Resolver:
    """Resolves noun phrases of one Doc to entities, with a left-to-right salience model."""

    def __init__(
        self, doc: Doc, lex: Lexicon, mentions: list[Mention], roles: list[Role], quotes: list[list[QuoteSpan]] | None = None
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.quotes = scan_quotes(doc.text)[0] if quotes is None else quotes
        self.mentions = mentions
        self.roles = roles
        self.tm = token_mention(mentions)
        self.pronouns: dict[int, Mention] = {}
        self.untagged: dict[int, Mention | None] = {}  # names the model missed, by head token (`untagged_name`)
        self._by_surname: dict[str, str] | None = None
        self.person_at: list[tuple[int, Mention]] = []  # (token index, person) in text order
        self._at_by_name: dict[str, list[tuple[int, int, Mention]]] = {}  # name -> sorted (token index, order, person)
        self._titles: dict[tuple[object, ...], set[str]] = {}  # `resolve_title`'s holders by description
        self._memo_reported: dict[int, bool] = {}
        self._memo_according: dict[int, bool] = {}
        self._orgs_by_word: dict[str, list[Mention]] | None = None
        self._mentions_sorted = True
        self._run()

    # -- salience -------------------------------------------------------------------------
    def _run(self) -> None:
        subjects: list[Mention] = []  # persons in subject position (or in "according to"), in order
        anyone: list[Mention] = []  # every person mention, in order
        last_thing: Mention | None = None
        # Subjects inside quotation marks are the quoted speaker's words, not the narrative.
        quoted = Ranges((g[0].open, g[-1].close) for g in self.quotes)
        for sent in self.doc.sents:
            sent_things: list[Mention] = []
            for t in sent:
                low = t.lower_
                if low in PERSON_PRONOUNS:
                    ref = self._compatible(subjects, low) or self._compatible(anyone, low)
                    if ref is not None:
                        self.pronouns[t.i] = ref
                elif low in THING_PRONOUNS and t.pos_ == "PRON":
                    ref = sent_things[-1] if sent_things else last_thing
                    if ref is not None:
                        self.pronouns[t.i] = ref
                m = self.tm.get(t.i)
                if m is not None and m.label == "Person" and t.i == m.start:
                    anyone.append(m)
                    self.note_speaker(t.i, m)
                    if self._in_according(t):
                        subjects.append(m)
                if t.dep_ in SUBJECT_DEPS and not quoted.strictly_inside(t.idx) and not self._reported(t):
                    r = self.resolve(t, update=False)
                    if r is None and t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in ALL_PRONOUNS:
                        last_thing = None  # "The agreement covers …. It …": "it" is not the last country
                    if r is not None:
                        if r.mention.label == "Person":
                            subjects.append(r.mention)
                            self.note_speaker(t.i, r.mention)
                        elif r.mention.label in {"Country", "Organization"} and r.kind != "demonym":
                            last_thing = r.mention
                            sent_things.append(r.mention)

    def _reported(self, t: Token) -> bool:
        """A subject inside what someone is reported to have said ("Trump said [Putin is a strong
        leader]"): the narrative's salience does not move to it. (Memoised along the head chain:
        linear in the Doc, however deep its parse.)"""
        return _up_the_chain(t, self._memo_reported,
                             lambda a: a.dep_ == "ccomp" and a.head.lemma_.lower() in self.lex.reporting_verbs)

    def _compatible(self, people: list[Mention], pronoun: str) -> Mention | None:
        """The most recent person a pronoun can refer to (gender from the given name, when known)."""
        want = "f" if pronoun in FEMALE_PRONOUNS else "m"
        for m in reversed(people[-30:]):
            g = self.lex.gender(m.name) or self._surname_gender().get(normal_name(m.name))
            if g is None or g == want:
                return m
        return None

    def _surname_gender(self) -> dict[str, str]:
        """Gender of a surname written alone ("Clinton said"): the gender of at least three quarters
        of the Doc's full-name mentions with that surname ("Hillary Clinton" 4 times, "Bill
        Clinton" once: "f"); none when a given name is unknown or the bearers are mixed."""
        if self._by_surname is None:
            seen: dict[str, list[str | None]] = {}
            for m in self.mentions:
                words = normal_name(m.name).split()
                if m.label == "Person" and len(words) >= 2:
                    seen.setdefault(words[-1], []).append(self.lex.gender(m.name))
            self._by_surname = {}
            for k, v in seen.items():
                for g in ("f", "m"):
                    if None not in v and v.count(g) >= 0.75 * len(v):
                        self._by_surname[k] = g
        return self._by_surname

    def _in_according(self, t: Token) -> bool:
        return _up_the_chain(t, self._memo_according, lambda a: a.lower_ == "according")

    def note_speaker(self, token_i: int, person: Mention) -> None:
        """Record a resolved speaker so later pronouns can refer to it."""
        self.person_at.append((token_i, person))
        insort(self._at_by_name.setdefault(person.name, []), (token_i, len(self.person_at), person), key=lambda e: e[:2])

    # -- resolution -----------------------------------------------------------------------
    def span_of(self, head: Token) -> tuple[int, int]:
        """Token span of a noun phrase without relative clauses and trailing punctuation."""
        s, e = head.left_edge.i, head.right_edge.i + 1
        for c in head.rights:
            if c.dep_ in {"relcl", "acl"} and c.i > head.i:
                e = min(e, c.left_edge.i)
        while e > s + 1 and (self.doc[e - 1].is_punct or self.doc[e - 1].is_space):
            e -= 1
        return s, max(e, head.i + 1)

    def resolve(self, head: Token, *, span: tuple[int, int] | None = None, update: bool = True) -> Resolution | None:
        """Resolve the noun phrase headed by `head` (or the given token span) to an entity."""
        s, e = span or self.span_of(head)
        toks = list(self.doc[s:e])
        inside: list[Mention] = []
        for t in toks:
            m = self.tm.get(t.i)
            if m is not None and (not inside or inside[-1] is not m):
                inside.append(m)
        persons = [m for m in inside if m.label == "Person" and not self._only_possessor(m, head)]
        if persons:
            # Prefer the head's own name, then an appositive name, then the first.
            p = self.tm.get(head.i)
            if p is None or p.label != "Person":
                p = persons[0]
            return Resolution(p, p.kind if p.kind in {"surname"} else "name", p.start, p.end)
        low = head.lower_
        if low in ALL_PRONOUNS and e - s == 1:
            ref = self.pronouns.get(head.i)
            return Resolution(ref, "pronoun", s, e) if ref is not None else None
        if any(self.lex.is_title_word(t.text) for t in toks) and (self.lex.is_title_word(head.text) or head.pos_ in {"NOUN", "PROPN"}):
            r = self.resolve_title(toks, before=head.i)
            if r is not None:
                return Resolution(r, "title", s, e)
            # "a Pentagon spokesman" speaks for the Pentagon; "the Democratic senator" is a person.
            if self.lex.is_title_word(head.text) and head.lower_ not in self.lex.speaks_for:
                return None
            if not any(m.label == "Organization" for m in inside):
                return None
        orgs = [m for m in inside if m.label == "Organization" and not self._only_possessor(m, head)]
        if orgs:
            return Resolution(orgs[0], "name", orgs[0].start, orgs[0].end)
        if head.i in self.tm and self.tm[head.i].label in {"Country", "Organization"}:
            m = self.tm[head.i]
            return Resolution(m, m.kind, m.start, m.end)
        if head.i in self.tm and self.tm[head.i].label == "Location":
            # "Moscow said", "the White House said": a capital speaks for its country's government.
            m = self.tm[head.i]
            country = self.lex.capitals.get(normal_name(m.name))
            if country:
                return Resolution(Mention(m.start, m.end, "Country", country, kind="description", text=m.text), "description", m.start, m.end)
        if low in self.lex.org_heads and head.pos_ == "NOUN":
            org = self._last_org_with(low, head.i)
            if org is not None:
                return Resolution(org, "description", s, e)
        m = self.untagged_name(head)
        return Resolution(m, "name", m.start, m.end) if m is not None else None

    def untagged_name(self, head: Token) -> Mention | None:
        """A name the model did not tag, as a speaker ("Zero Hedge said", "Peabody added"): the
        proper nouns of the phrase's head, in a sentence that is not set in title case; a person
        when it opens with a given name, else an organisation. None for anything else."""
        if head.i in self.untagged:
            return self.untagged[head.i]
        found = None
        toks = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in self.tm]
        toks = [t for t in toks if all(x.dep_ == "compound" for x in self.doc[t.i : head.i])] + [head]
        sent = [t for t in head.sent if t.is_alpha]
        title_case = sum(t.text[:1].isupper() for t in sent) > 0.6 * len(sent)
        if (head.pos_ == "PROPN" and head.i not in self.tm and not title_case and head.lower_ not in ALL_PRONOUNS
                and all(t.is_alpha and t.text[:1].isupper() and not t.ent_type_ and not self.lex.is_title_word(t.text) for t in toks)
                and normal_name(toks[0].text) not in self.lex.honorifics):
            name = " ".join(t.text for t in toks)
            person = len(toks) >= 2 and toks[0].lower_ in self.lex.first_names
            found = Mention(toks[0].i, head.i + 1, "Person" if person else "Organization", name, kind="name", text=name)
        self.untagged[head.i] = found
        return found

    def _only_possessor(self, m: Mention, head: Token) -> bool:
        """True when a name only owns or modifies the phrase's head: "Mr. Trump's performance",
        "the Trump campaign"."""
        if head.i in range(m.start, m.end) or self.lex.is_title_word(head.text) or head.lower_ in self.lex.speech_nouns:
            return False
        root = self.doc[m.start : m.end].root
        if root.dep_ in {"compound", "amod"} and root.head.i == head.i and head.pos_ == "NOUN":
            return True  # "the Trump campaign", "McConnell aides", "a Bloomberg poll", "a Democratic source"
        return root.dep_ == "poss" or (m.end < len(self.doc) and self.doc[m.end].text in {"'s", "’s"})

    def _describe(self, toks: list[Token]) -> RoleDescription:
        phrase = " ".join(t.text for t in toks)
        cls = self.lex.title_of(phrase)
        words = set(normal_name(phrase).split())
        heads = {normal_name(t.text) for t in toks if self.lex.is_title_word(t.text)}
        owners = [self.tm[t.i] for t in toks if t.i in self.tm and self.tm[t.i].label in {"Country", "Organization"}]
        # Other names and noun modifiers must be in the role: "the Indiana governor", "the delegation chairman".
        role_words = self.lex.deputy_words | self.lex.title_modifiers | self.lex.lower_title_modifiers
        named = {normal_name(t.text) for t in toks if t.is_alpha and not self.lex.is_title_word(t.text) and t.lower_ not in role_words and (
            (t.pos_ == "PROPN" and (t.i not in self.tm or self.tm[t.i].label == "Location"))
            or (t.pos_ == "NOUN" and t.dep_ == "compound" and t.i not in self.tm))} - set(normal_name(cls or "").split())
        return RoleDescription(cls, words, heads, role_signature(self.lex, words, cls, heads),
                               {m.name for m in owners if m.label == "Country"}, {m.name for m in owners if m.label == "Organization"},
                               frozenset(named), (owners[0].label, owners[0].name) if len(owners) == 1 else None)

    def describe_role(self, toks: list[Token]) -> RoleDescription | None:
        """The role a speaker phrase names when it is a title or description without a name
        ("the GOP nominee", "the Russian president"), for resolution across articles; else None."""
        if not toks or any(t.i in self.tm and self.tm[t.i].label == "Person" for t in toks):
            return None
        if any(t.lower_ in _NOT_ONE_HOLDER and t.dep_ in {"det", "poss", "nummod"} for t in toks):
            return None  # "a campaign aide", "his chief aide", "two senators": no one holder of a role
        head = max(toks, key=lambda t: (t.dep_ not in {"compound", "amod", "det", "poss"}, t.i))
        if not self.lex.is_title_word(head.text) or head.lower_ in self.lex.speaks_for:
            return None
        d = self._describe(toks)
        return d if d.heads else None

    def _last_org_with(self, word: str, before: int) -> Mention | None:
        """The last organisation mention (in mention order) starting before token `before` with
        `word` in its name."""
        if self._orgs_by_word is None:
            self._orgs_by_word = {}
            for m in self.mentions:
                if m.label == "Organization":
                    for w in dict.fromkeys(normal_name(m.name).split()):
                        self._orgs_by_word.setdefault(w, []).append(m)
            self._mentions_sorted = all(a.start <= b.start for a, b in zip(self.mentions, self.mentions[1:], strict=False))
        found = None
        for m in self._orgs_by_word.get(word, ()):
            if m.start < before:
                found = m
            elif self._mentions_sorted:
                break  # in text order (as `find_entities` gives them): none further starts before
        return found

    def resolve_title(self, toks: list[Token], *, before: int) -> Mention | None:
        """The person holding the role a description names, e.g. "the Russian vice-premier"."""
        d = self._describe(toks)
        key = (d.cls, frozenset(d.words), frozenset(d.heads), frozenset(d.countries), frozenset(d.orgs), d.named)
        cands = self._titles.get(key)
        if cands is None:
            cands = self._titles[key] = self._holders(d)
        if not cands:
            return None
        # The most recent holder mentioned before the description.
        recent = None
        for name in cands:
            at = self._at_by_name.get(name, [])
            k = bisect_left(at, before, key=lambda e: e[0])
            if k and (recent is None or at[k - 1][:2] > recent[:2]):
                recent = at[k - 1]
        if recent is not None:
            return recent[2]
        if len(cands) == 1:
            name = next(iter(cands))
            return next((m for m in self.mentions if m.label == "Person" and m.name == name), None)
        return None

    def _holders(self, d: RoleDescription) -> set[str]:
        """The names of the persons holding the role a description names (any mention)."""
        cands: set[str] = set()
        for r in self.roles:
            # Same role class (vice-premier = deputy prime minister), or the description's role
            # word is in the title ("the Estonian minister" -> "Defence Minister").
            words = set(normal_name(r.title).split())
            same = (d.cls is not None and r.title_class == d.cls) or (bool(d.heads) and d.heads <= words)
            if not same or is_deputy(self.lex, words, r.title_class) != is_deputy(self.lex, d.words, d.cls) or ("former" in words) != ("former" in d.words):
                continue  # the vice-presidential nominee is not the nominee, the former chairman not the chairman
            if d.countries and r.target not in d.countries:
                continue
            if d.orgs and r.target not in d.orgs or not d.named <= words | set(normal_name(r.target or "").split()):
                continue
            cands.add(r.person)
        return cands


def _up_the_chain(t: Token, memo: dict[int, bool], test: Callable[[Token], bool]) -> bool:
    """True when `test` holds for an ancestor of `t` (memoised per token: linear over a Doc)."""
    chain: list[int] = []
    found = False
    a = t
    while a.head.i != a.i:
        if a.i in memo:
            found = memo[a.i]
            break
        chain.append(a.i)
        if test(a.head):
            found = True
            break
        a = a.head
    for i in chain:
        memo[i] = found
    return found


class Ranges:
    """Character ranges (a, b), asked whether an offset is strictly inside one, in log time.

    >>> r = Ranges([(0, 5), (10, 20)]); r.strictly_inside(3), r.strictly_inside(5), r.strictly_inside(19)
    (True, False, True)
    """

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(ranges)
        self.starts = [a for a, _ in pairs]
        self.reach: list[int] = []  # the furthest end of the ranges so far
        for _, b in pairs:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def strictly_inside(self, i: int) -> bool:
        """True when a < i < b for some range (as `any(a < i < b for a, b in ranges)`)."""
        k = bisect_left(self.starts, i)  # the ranges [0, k) start before i
        return k > 0 and self.reach[k - 1] > i
