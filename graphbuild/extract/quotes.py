"""Statement rules: direct quotes, mixed quotes, indirect speech and "according to".

Direct quotes come from pairing quote marks (straight and curly) paragraph by paragraph; a quote
left open at a paragraph end continues when the next paragraph opens with a quote mark (the
news convention), otherwise the candidate is skipped and noted. The cue is found after the quote
("…,” he said.), before it ("Kannan said: “…”", "Kannan: “…”") or between two parts
("“A,” he said, “B.”"). A quote paragraph right after a quote continues its speaker.

Indirect and mixed statements come from the dependency parse: a verb of saying with a clausal
complement ("X said (that) …", "X added …", "X told reporters …", "…, X said"), the subject found
through "adding"/"and said" chains; a quote embedded in that clause makes it mixed.
"according to X, …" attributes the rest of its sentence to X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import LEX
from .quotemarks import ALL_MARKS, QuoteSpan, scan_quotes
from .speakers import Resolution, Resolver

_SENT_END = ".!?"
_VERB_POS = {"VERB"}


@dataclass
class Stmt:
    """A doc-level statement (character offsets into the Doc text)."""

    kind: str
    cue: str
    cue_span: tuple[int, int] | None
    content: list[tuple[int, int]]
    speaker: Resolution | None
    speaker_text: str | None
    speaker_span: tuple[int, int] | None
    evidence: tuple[int, int]
    confidence: float
    verb: int | None = None


def _content(text: str, s: QuoteSpan) -> tuple[int, int]:
    a, b = s.open + 1, s.close
    while a < b and (text[a].isspace() or (text[a] == "'" and a == s.open + 1 and text[s.open] == "'")):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
        b -= 1
    return a, b


_ABBREV = {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "reps", "sens", "st", "lt", "gen", "col", "sgt", "prof",
           "jr", "sr", "capt", "adm", "cmdr", "maj", "rev", "hon", "pres", "inc", "co", "corp", "no", "vs", "u.s", "u.n", "d.c"}
_UNRESOLVED = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"}
_SINGLE = re.compile(r"(?<![\w’'])‘[^‘\n]{1,200}?’(?!\w)")
_SENT_BREAK = re.compile(r"[.!?](?=\s)")


def _sentence_ends(s: str) -> list[int]:
    """Offsets of the sentence-ending marks in `s` (not after "Mr", "Gov", an initial...).

    >>> _sentence_ends("Mr. Rubio said. Then Sen. X left! Done.")
    [14, 32, 38]
    """
    out = []
    for m in _SENT_BREAK.finditer(s + " "):
        if m.start() >= len(s):
            break
        word = re.search(r"([\w.]*)$", s[: m.start()])
        w = word.group(1).lower() if word else ""
        if s[m.start()] == "." and (w in _ABBREV or (len(w) == 1 and w.isalpha())):
            continue
        out.append(m.start())
    return out


def _para_bounds(text: str, i: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, i) + 1
    b = text.find("\n", i)
    return a, (len(text) if b < 0 else b)


class StatementFinder:
    """Finds the statements of one Doc; `resolver` resolves their speakers."""

    def __init__(self, doc: Doc, resolver: Resolver, *, text: str | None = None,
                 quotes: tuple[list[list[QuoteSpan]], list[tuple[int, str]]] | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.resolver = resolver
        self.groups, self.notes = scan_quotes(self.text) if quotes is None else quotes
        self.claimed_verbs: set[int] = set()
        # ‘Single’ quote pairs (headline style), used for quoted words put on someone.
        self.singles = [QuoteSpan(m.start(), m.end() - 1) for m in _SINGLE.finditer(self.text)]
        self.stmts: list[Stmt] = []

    # -- helpers ---------------------------------------------------------------------------
    def _tokens(self, a: int, b: int) -> Span | None:
        if b <= a:
            return None
        return self.doc.char_span(a, b, alignment_mode="expand")

    def _cue_in(self, span: Span | None, *, limit: int = 10, from_end: bool = False) -> Token | None:
        if span is None:
            return None
        words = [t for t in span if not t.is_punct and not t.is_space]
        for t in (words[::-1] if from_end else words)[:limit]:
            if t.pos_ in _VERB_POS and t.lemma_.lower() in LEX.reporting_verbs and t.i not in self.claimed_verbs:
                return t
        return None

    def _speaker_for(self, verb: Token, window: Span | None) -> tuple[Resolution | None, str | None, tuple[int, int] | None]:
        subj = self._subject(verb)
        res = None
        if subj is not None:
            s, e = self.resolver.span_of(subj)
            res = self.resolver.resolve(subj)
            raw = self.doc[s:e]
        elif window is not None:
            # "said Kannan" or a parse without nsubj: the nearest name or pronoun in the window.
            cands = [t for t in window if t.i != verb.i and (t.i in self.resolver.tm or t.lower_ in {"he", "she", "they", "it"})]
            cands.sort(key=lambda t: abs(t.i - verb.i))
            if not cands:
                return None, None, None
            t = cands[0]
            m = self.resolver.tm.get(t.i)
            res = self.resolver.resolve(t, span=(m.start, m.end) if m else (t.i, t.i + 1))
            raw = self.doc[m.start : m.end] if m else self.doc[t.i : t.i + 1]
        else:
            return None, None, None
        return res, raw.text, (raw.start_char, raw.end_char)

    @staticmethod
    def _subject(verb: Token) -> Token | None:
        t = verb
        for _ in range(4):
            subj = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj:
                return subj[0]
            if t.dep_ in {"advcl", "conj", "xcomp"} and t.head is not t:
                t = t.head
            else:
                return None
        return None

    def _evidence(self, a: int, b: int) -> tuple[int, int]:
        sa = self._tokens(a, min(a + 1, len(self.text)))
        sb = self._tokens(max(b - 1, 0), b)
        start = sa.sent.start_char if sa is not None else a
        end = sb.sent.end_char if sb is not None else b
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, max(end, b)

    def _add(self, kind: str, verb: Token | None, cue: str, cue_span: tuple[int, int] | None,
             content: list[tuple[int, int]], speaker: tuple[Resolution | None, str | None, tuple[int, int] | None],
             confidence: float) -> Stmt | None:
        content = [(a, b) for a, b in content if b > a]
        if not content:
            return None
        res, stext, sspan = speaker
        lo = min([a for a, _ in content] + ([cue_span[0]] if cue_span else []))
        hi = max([b for _, b in content] + ([cue_span[1]] if cue_span else []))
        if res is None:
            confidence = min(confidence, 0.4)
        elif res.kind == "pronoun":
            confidence -= 0.1
        elif res.kind in {"title", "description"}:
            confidence -= 0.05
        st = Stmt(kind, cue, cue_span, content, res, stext, sspan, self._evidence(lo, hi), round(confidence, 2),
                  verb.i if verb is not None else None)
        if verb is not None:
            self.claimed_verbs.add(verb.i)
        if res is not None and res.mention.label == "Person":
            self.resolver.note_speaker(res.start, res.mention)
        self.stmts.append(st)
        return st

    def _overlaps(self, a: int, b: int) -> bool:
        return any(not (b <= x or a >= y) for st in self.stmts for x, y in st.content)

    def _lead(self, pa: int, before: str, content: list[tuple[int, int]]) -> Stmt | None:
        """A statement whose cue comes before the quote: in the same paragraph ("X said: “…”",
        "X: “…”", "…, writing “…”") or as the previous paragraph's last sentence ending in a colon."""
        text = self.text
        if before:
            lead_end = pa + len(before)
            colon = before.endswith(":")
            if not (colon or before.endswith(",")):
                # A verb of saying right before the quote: "…, writing “…”", "by saying “…”".
                last = self._tokens(lead_end - 1, lead_end)
                if last is None or not (last[-1].pos_ in _VERB_POS and last[-1].lemma_.lower() in LEX.reporting_verbs):
                    return None
                verb = last[-1]
                if verb.i in self.claimed_verbs:
                    return None
                sent = verb.sent
                return self._add("direct", verb, verb.text, (verb.idx, verb.idx + len(verb)), content,
                                 self._speaker_for(verb, self.doc[sent.start : verb.i + 1]), 0.85)
            ends = _sentence_ends(before)
            lead_a = pa + ends[-1] + 2 if ends else pa
            lead = self._tokens(lead_a, lead_end - 1)
        else:
            # The paragraph before ends in a colon: "Kannan told reporters:¶“…”".
            prev_text = text[:pa].rstrip()
            if not prev_text.endswith(":"):
                return None
            qa = prev_text.rfind("\n") + 1
            para = prev_text[qa:]
            ends = _sentence_ends(para)
            lead_a = qa + ends[-1] + 2 if ends else qa
            lead_end, colon = len(prev_text), True
            if self._has_quote(lead_a, lead_end):
                return None  # the colon ends a quote: “… the following:”
            lead = self._tokens(lead_a, lead_end - 1)
        if lead is None:
            return None
        cue = self._cue_in(lead, limit=12, from_end=True)  # the verb of saying nearest the quote
        if cue is not None:
            return self._add("direct", cue, cue.text, (cue.idx, cue.idx + len(cue)), content,
                             self._speaker_for(cue, lead), 0.9)
        if not colon:
            return None
        names = [t for t in lead if t.i in self.resolver.tm]
        if names and all(t.i in self.resolver.tm or t.is_punct or t.lower_ == "the" for t in lead):
            m = self.resolver.tm[names[0].i]
            res = self.resolver.resolve(names[0], span=(m.start, m.end))
            c = lead_end - 1
            return self._add("direct", None, ":", (c, c + 1), content,
                             (res, m.text, (self.doc[m.start].idx, self.doc[m.end - 1].idx + len(self.doc[m.end - 1]))), 0.85)
        # Any other verb whose subject is a known speaker: "Cruz called them on it: “…”".
        root = next((t for t in lead if t.dep_ == "ROOT" and t.pos_ in _VERB_POS and t.i not in self.claimed_verbs), None)
        subj = self._subject(root) if root is not None else None
        if root is None or subj is None or subj.dep_ != "nsubj" or not (subj.i in self.resolver.tm or subj.lower_ in {"he", "she", "they"}):
            return None
        return self._add("direct", root, root.text, (root.idx, root.idx + len(root)), content,
                         self._speaker_for(root, lead), 0.75)

    # -- direct quotes ---------------------------------------------------------------------
    def direct(self) -> None:
        text = self.text
        skip: set[int] = set()
        prev: Stmt | None = None
        prev_end = -1
        for gi, group in enumerate(self.groups):
            if gi in skip:
                continue
            first, last = group[0], group[-1]
            pa, pb = _para_bounds(text, first.open)
            la, lb = _para_bounds(text, last.open)
            before = text[pa : first.open].rstrip()
            starts_clause = not before or before[-1] in _SENT_END + ":"
            # Trailing cue: “…,” he said.
            tail_end = lb
            nxt = next((g for g in self.groups[gi + 1 :]), None)
            if nxt is not None and nxt[0].open < lb:
                tail_end = nxt[0].open
            tail_text = text[last.close + 1 : tail_end]
            cut = next(iter(_sentence_ends(tail_text)), len(tail_text))
            tail = self._tokens(last.close + 1, last.close + 1 + cut)
            inner_end = text[last.close - 1] if last.close > 0 else ""
            # Dash signature: “…” ― Name (quoted tweets, vox pops, epigraphs).
            dash = re.match(r"\s*(―|—|–|--)\s*", tail_text)
            if starts_clause and dash:
                sig_a = last.close + 1 + dash.end()
                sig_b = min([i for i in (text.find(",", sig_a), text.find("\n", sig_a)) if i >= 0] + [len(text)])
                sig = self._tokens(sig_a, sig_b)
                names = [t for t in sig if t.i in self.resolver.tm] if sig is not None and len(sig) <= 8 else []
                if sig is not None and names and names[0].i == sig.start:
                    m = self.resolver.tm[names[0].i]
                    res = self.resolver.resolve(names[0], span=(m.start, m.end))
                    d0 = last.close + 1 + dash.start(1)
                    st = self._add("direct", None, dash.group(1), (d0, d0 + len(dash.group(1))), [_content(text, q) for q in group],
                                   (res, m.text, (self.doc[m.start].idx, self.doc[m.end - 1].idx + len(self.doc[m.end - 1]))), 0.85)
                    prev, prev_end = st, last.close
                    continue
            verb = None
            if starts_clause or inner_end in ",?!":
                # “…,” he said. / “…,” Jeb Bush, the former governor of Florida, told CNN.
                verb = self._cue_in(tail, limit=6)
                if verb is None and tail is not None and len(tail) <= 30 and tail.text.lstrip().startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")):
                    v2 = self._cue_in(tail, limit=30)
                    if v2 is not None and (s2 := self._subject(v2)) is not None and s2.idx > last.close and s2.i < v2.i:
                        verb = v2
            if verb is not None and (starts_clause or before.endswith(",")):
                content = [_content(text, s) for s in group]
                # “A,” he said, “B.” — the next quote continues this statement.
                rest = tail_text[cut:] if cut < len(tail_text) else ""
                # “A,” he said. “B.” — a quote right after the cue sentence goes on the same way.
                if nxt is not None and nxt[0].open < lb and (
                    (tail_text.rstrip().endswith(",") and not rest.strip(" ,")) or (rest.startswith(".") and not rest.strip(" ."))
                ):
                    content += [_content(text, s) for s in nxt]
                    skip.add(gi + 1)
                    last = nxt[-1]
                st = self._add("direct", verb, verb.text, (verb.idx, verb.idx + len(verb)), content,
                               self._speaker_for(verb, tail), 0.95)
                prev, prev_end = st, last.close
                continue
            # Leading cue: Kannan said: “…” / Kannan: “…” / …, writing “…” / Kannan said:¶“…”
            content = [_content(text, s) for s in group]
            st = self._lead(pa, before, content)
            if st is not None:
                prev, prev_end = st, last.close
                continue
            # A quote paragraph right after a quote by a known speaker continues it.
            if (
                prev is not None
                and prev.speaker is not None
                and not before
                and not text[last.close + 1 : lb].strip(" .")
                and not text[_para_bounds(text, prev_end)[1] : first.open].strip()
            ):
                self._add("direct", None, prev.cue, None, [_content(text, s) for s in group],
                          (prev.speaker, prev.speaker_text, prev.speaker_span), 0.7)
                prev_end = last.close
                continue
            prev = None

    # -- indirect and mixed ----------------------------------------------------------------
    def _inside_direct(self, i: int) -> bool:
        return any(st.kind == "direct" and any(a <= i < b for a, b in st.content) for st in self.stmts)

    def _has_quote(self, a: int, b: int) -> bool:
        return any(a <= s.open < b for g in self.groups for s in g)

    def _trim(self, toks: list[Token], min_words: int = 3) -> tuple[int, int] | None:
        while toks and (toks[0].is_punct and toks[0].text not in ALL_MARKS or toks[0].is_space or toks[0].dep_ == "mark" and toks[0].lower_ in {"that"}):
            toks = toks[1:]
        while toks and ((toks[-1].is_punct and toks[-1].text not in ALL_MARKS) or toks[-1].is_space or toks[-1].dep_ == "cc"):
            toks = toks[:-1]
        if len([t for t in toks if not t.is_punct]) < min_words:
            return None
        a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
        # A quote opened inside the content runs to its closing mark (the parse may stop inside it).
        for g in self.groups:
            for s in g:
                if a <= s.open < b and b <= s.close and not s.continues and "\n" not in self.text[b : s.close]:
                    b = s.close + 1
        if self.text[a] in ALL_MARKS and not self._has_quote(a, b):
            a += 1
        return a, b

    def indirect(self) -> None:
        doc = self.doc
        for v in doc:
            if v.i in self.claimed_verbs or v.pos_ not in _VERB_POS or v.lemma_.lower() not in LEX.reporting_verbs:
                continue
            if self._inside_direct(v.idx) or any(c.dep_ == "neg" for c in v.children):
                continue
            comps = [c for c in v.children if c.dep_ == "ccomp"]
            # Prefer the complement after the verb ("officials said [it was intended]").
            comp = next((c for c in comps if c.i > v.i), comps[0] if comps else None)
            toks: list[Token]
            if comp is None and v.dep_ == "parataxis" and v.head.pos_ in {"VERB", "AUX"} and v.i < v.head.i and v.left_edge.i > v.head.left_edge.i:
                # "Vice President Biden, Rubio said, had been in the Senate …": the sentence around it.
                head = v.head
                parts = [self._trim(list(doc[head.left_edge.i : v.left_edge.i]), 1), self._trim(list(doc[v.right_edge.i + 1 : head.right_edge.i + 1]))]
                if parts[1] is None or any(p is not None and self._overlaps(*p) for p in parts):
                    continue
                around = self._speaker_for(v, None)
                if around[1] is None:
                    continue
                content = [p for p in parts if p is not None]
                kind = "mixed" if any(self._has_quote(*p) for p in content) else "indirect"
                self._add(kind, v, v.text, (v.idx, v.idx + len(v)), content, around, 0.8)
                continue
            if comp is not None:
                if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in comp.children):
                    continue
                toks = list(doc[comp.left_edge.i : comp.right_edge.i + 1])
            elif v.dep_ == "parataxis" and v.head.pos_ in {"VERB", "AUX"} and v.i > v.head.i:
                toks = [t for t in doc[v.head.left_edge.i : v.left_edge.i]]
            else:
                continue
            # Stop before a later verb of saying that starts its own statement ("…, adding that …").
            for t in toks:
                if t.i > (comp.i if comp is not None else v.head.i) and t.dep_ in {"advcl", "conj"} and t.lemma_.lower() in LEX.reporting_verbs and any(c.dep_ == "ccomp" for c in t.children):
                    toks = [x for x in toks if x.i < t.left_edge.i]
                    break
            span = self._trim(toks)
            if span is None or self._overlaps(*span):
                continue
            kind = "mixed" if self._has_quote(*span) else "indirect"
            subj = self._subject(v)
            if subj is not None and subj.dep_ == "nsubjpass" and subj.lower_ == "it":
                speaker: tuple[Resolution | None, str | None, tuple[int, int] | None] = (None, None, None)
            else:
                speaker = self._speaker_for(v, None)
            if speaker[1] is None:
                continue
            self._add(kind, v, v.text, (v.idx, v.idx + len(v)), [span], speaker, 0.85 if kind == "mixed" else 0.8)

    def according(self) -> None:
        doc = self.doc
        for t in doc[:-1]:
            if t.lower_ != "according" or doc[t.i + 1].lower_ != "to":
                continue
            to = doc[t.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            pa, pe = t.i, obj.right_edge.i + 1
            sent = t.sent
            before = [x for x in doc[sent.start : pa]]
            after = [x for x in doc[pe : sent.end]]
            lead_words = [x for x in before if not x.is_punct]
            part = after if len(lead_words) <= 5 and len(after) > 3 else before
            span = self._trim(part)
            if span is None or self._overlaps(*span):
                continue
            res = self.resolver.resolve(obj, span=(to.i + 1, pe))
            raw = doc[to.i + 1 : pe]
            if res is not None:
                sp = (doc[res.start].idx, doc[res.end - 1].idx + len(doc[res.end - 1]))
                stext = self.text[sp[0] : sp[1]]
            else:
                sp, stext = (raw.start_char, raw.end_char), raw.text
            kind = "mixed" if self._has_quote(*span) else "indirect"
            self._add(kind, None, "according to", (t.idx, to.idx + len(to)), [span], (res, stext, sp), 0.8)

    def characterisations(self) -> None:
        """Quoted words put on someone: "X called the plan “reckless”", "calling him “a loser”",
        "X described it as “a crucial step”" (mixed statements whose cue is not a verb of saying)."""
        doc = self.doc
        for v in doc:
            lemma = v.lemma_.lower()
            if v.pos_ not in _VERB_POS or v.i in self.claimed_verbs:
                continue
            if lemma in LEX.characterising_verbs:
                own = [c for c in v.children if c.i > v.i and c.dep_ not in {"conj", "cc", "advcl", "punct", "parataxis", "mark"}]
                if not own:
                    continue
                end = max(own, key=lambda c: c.right_edge.i).right_edge
            elif lemma in LEX.reporting_verbs:
                # "pledged a “political revolution”", "warned of the dangers of “…”", "promised to “…”"
                obj = next((c for c in v.children if c.i > v.i and (c.dep_ in {"dobj", "xcomp"} or c.dep_ == "prep" and c.lower_ in {"of", "about"})), None)
                if obj is None:
                    continue
                end = obj.right_edge
            else:
                continue
            if any(c.dep_ in {"nsubjpass", "auxpass", "neg"} for c in v.children) or self._inside_direct(v.idx):
                continue
            first = v.i + 1
            while first <= end.i and (doc[first].dep_ == "prep" and doc[first].lower_ in {"to", "of", "about"} or doc[first].is_punct and doc[first].text not in ALL_MARKS):
                first += 1
            if first > end.i or first - v.i > 3:
                continue
            a, b = doc[first].idx, end.idx + len(end)
            spans = [q for g in self.groups for q in g if a <= q.open < b] + [q for q in self.singles if a <= q.open < b]
            if not spans or b - a > 400:
                continue
            b = max(q.close + 1 for q in spans)  # the quoted words end the statement
            if self._overlaps(a, b):
                continue
            speaker = self._speaker_for(v, None)
            if speaker[1] is None or (speaker[0] is None and speaker[1].lower() in _UNRESOLVED):
                continue  # a weaker cue: only with a speaker we can name
            self._add("mixed", v, v.text, (v.idx, v.idx + len(v)), [(a, b)], speaker, 0.75)

    def headlines(self) -> None:
        """Headline attributions: a short paragraph "Name: what they said" (the news convention)."""
        text = self.text
        pos = 0
        for line in text.split("\n"):
            a, pos = pos, pos + len(line) + 1
            colon = line.find(": ")
            if colon <= 0 or colon > 60 or len(line) > 250 or len(line[colon + 2 :].split()) < 3:
                continue
            c = a + colon
            rest = (c + 2, a + len(line.rstrip()))
            lead = self._tokens(a, c)
            if lead is None or self._overlaps(*rest):
                continue
            names = [t for t in lead if t.i in self.resolver.tm and self.resolver.tm[t.i].label in {"Person", "Organization"}]
            if not names:
                continue
            only_names = all(t.i in self.resolver.tm or t.is_punct or t.lower_ == "the" for t in lead)
            # "Warren Hammers Bank CEO: ‘You Should Be Investigated’": a quote after a headline naming its speaker first.
            quoted_rest = line[colon + 2 :].lstrip()[:1] in "‘“\"'" and len(lead) <= 10 and names[0].i <= lead.start + 2
            if not (only_names or quoted_rest):
                continue
            m = self.resolver.tm[names[0].i]
            res = self.resolver.resolve(names[0], span=(m.start, m.end))
            sspan = (self.doc[m.start].idx, self.doc[m.end - 1].idx + len(self.doc[m.end - 1]))
            quoted = self._has_quote(*rest) or any(rest[0] <= q.open < rest[1] for q in self.singles)
            self._add("direct" if quoted else "indirect", None, ":", (c, c + 1), [rest],
                      (res, m.text, sspan), 0.75)

    def run(self) -> list[Stmt]:
        """Find all statements, in text order."""
        self.direct()
        self.headlines()
        self.according()
        self.indirect()
        self.characterisations()
        self.stmts.sort(key=lambda s: s.content[0][0])
        return self.stmts
