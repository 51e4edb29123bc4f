"""In-document coreference for speakers.

- surname -> full name (done by `entities.cluster_people`);
- pronouns -> the most recent compatible referent: "he/she" to the last person in subject
  position (or the last speaker), "it/its" to the nearest country/organisation subject;
- titles and descriptions -> the person who holds that role ("the Russian vice-premier" ->
  the Deputy Prime Minister of Russia named earlier; vice-premier, deputy prime minister and
  deputy premier are synonyms), "the ministry" -> the organisation named with that word.
"""

from __future__ import annotations

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
        self._run()

    # -- salience -------------------------------------------------------------------------
    def _run(self) -> None:
        subjects: list[Mention] = []  # persons in subject position (or in "according to"), in order
        anyone: list[Mention] = []  # every person mention, in order
        last_thing: Mention | None = None
        # Subjects inside quotation marks are the quoted speaker's words, not the narrative.
        quoted = [(g[0].open, g[-1].close) for g in self.quotes]
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
                    self.person_at.append((t.i, m))
                    if self._in_according(t):
                        subjects.append(m)
                if t.dep_ in SUBJECT_DEPS and not any(a < t.idx < b for a, b in quoted) and not self._reported(t):
                    r = self.resolve(t, update=False)
                    if r is None and t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in ALL_PRONOUNS:
                        last_thing = None  # "The agreement covers …. It …": "it" is not the last country
                    if r is not None:
                        if r.mention.label == "Person":
                            subjects.append(r.mention)
                            self.person_at.append((t.i, r.mention))
                        elif r.mention.label in {"Country", "Organization"} and r.kind != "demonym":
                            last_thing = r.mention
                            sent_things.append(r.mention)

    def _reported(self, t: Token) -> bool:
        """A subject inside what someone is reported to have said ("Trump said [Putin is a strong
        leader]"): the narrative's salience does not move to it."""
        for a in t.ancestors:
            if a.dep_ == "ccomp" and a.head.lemma_.lower() in self.lex.reporting_verbs:
                return True
        return False

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
        return any(a.lower_ == "according" for a in t.ancestors)

    def note_speaker(self, token_i: int, person: Mention) -> None:
        """Record a resolved speaker so later pronouns can refer to it."""
        self.person_at.append((token_i, person))

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
            cands = [m for m in self.mentions if m.label == "Organization" and m.start < head.i and low in normal_name(m.name).split()]
            if cands:
                return Resolution(cands[-1], "description", s, e)
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

    def resolve_title(self, toks: list[Token], *, before: int) -> Mention | None:
        """The person holding the role a description names, e.g. "the Russian vice-premier"."""
        d = self._describe(toks)
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
        if not cands:
            return None
        # The most recent holder mentioned before the description.
        recent = [m for i, m in self.person_at if m.name in cands and i < before]
        if recent:
            return recent[-1]
        if len(cands) == 1:
            name = next(iter(cands))
            return next((m for m in self.mentions if m.label == "Person" and m.name == name), None)
        return None
