"""What the statement finders share: the Doc, its quote marks, the speaker resolver, the verbs
already used as cues, and the statements found so far (so no two statements overlap)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...model import Framing, StatementKind
from ..lexicon import Lexicon
from ..limits import MAX_CUES_PER_SENTENCE, NO_DEADLINE, WORK, Deadline
from ..quotemarks import ALL_MARKS, QuoteSpan, scan_quotes
from ..speakers import Resolution, Resolver
from ..syntax import SPEAKER_PRONOUNS, VERB_POS, char_bounds, subject_of

_AFTER_QUOTE = re.compile(r"[ \t]+(of|for|on|in|to|from|about|with|against|over|into|toward|towards)[ \t]+([\w’']+)")
_PHRASE_STOP = re.compile(r"[,;:—–―\n“\"]|\s--\s|[.!?](?=\s|$)|\s(?:while|as|because|since|after|before|when|but|which|who)\s")
_NOT_CONTENT = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                          "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                          "response", "reply", "behalf", "twitter", "tv", "television", "months", "years", "weeks", "days",
                          "decades", "hours", "minutes", "now", "today", "tonight", "yesterday", "end"})
_SINGLE = re.compile(r"(?<![\w’'])‘[^‘\n]{1,200}?’(?!\w)")


@dataclass
class Speaker:
    """Who a statement is attributed to: the resolved entity (None when unresolved), the words
    as written and their character span."""

    res: Resolution | None = None
    text: str | None = None
    span: tuple[int, int] | None = None


@dataclass
class Stmt:
    """A doc-level statement (character offsets into the Doc text)."""

    kind: StatementKind
    cue: str
    cue_span: tuple[int, int] | None
    content: list[tuple[int, int]]
    speaker: Speaker
    evidence: tuple[int, int]
    confidence: float
    verb: int | None = None
    frame: Framing | None = None  # the finder's framing when the cue's lemma has no class ("pounding X as “…”")


def quote_content(text: str, s: QuoteSpan) -> tuple[int, int]:
    """The words inside a pair of quote marks, without surrounding spaces and trailing commas.

    >>> quote_content("“Yes, ” he said.", QuoteSpan(0, 6))
    (1, 4)
    """
    a, b = s.open + 1, s.close
    while a < b and (text[a].isspace() or (text[a] == "'" and a == s.open + 1 and text[s.open] == "'")):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
        b -= 1
    return a, b


class SpanIndex:
    """Character ranges [x, y) with their owners, bucketed by blocks of the text, so "does
    anything overlap [a, b)?" costs what is near [a, b), not the number of ranges.

    >>> ix = SpanIndex(); ix.add(10, 20, "s"); ix.overlaps(15, 30), ix.overlaps(20, 30), ix.contains(19)
    (True, False, True)
    """

    BLOCK = 256

    def __init__(self) -> None:
        self.blocks: dict[int, list[tuple[int, int, object]]] = {}

    def add(self, x: int, y: int, owner: object) -> None:
        for k in range(x // self.BLOCK, max(x, y - 1) // self.BLOCK + 1):
            self.blocks.setdefault(k, []).append((x, y, owner))

    def remove(self, x: int, y: int, owner: object) -> None:
        for k in range(x // self.BLOCK, max(x, y - 1) // self.BLOCK + 1):
            entries = self.blocks.get(k, [])
            for j, e in enumerate(entries):
                if e[0] == x and e[1] == y and e[2] is owner:
                    del entries[j]
                    break

    def _near(self, a: int, b: int) -> list[tuple[int, int, object]]:
        out: list[tuple[int, int, object]] = []
        for k in range(min(a, b) // self.BLOCK, max(a, b) // self.BLOCK + 1):
            out += self.blocks.get(k, ())
        WORK["span_index"] += len(out) + 1
        return out

    def overlaps(self, a: int, b: int, *, exclude: object = None) -> bool:
        """True when a range other than `exclude`'s has x < b and a < y (as `not (b <= x or a >= y)`)."""
        return any(x < b and a < y and (exclude is None or o is not exclude) for x, y, o in self._near(a, b))

    def contains(self, i: int) -> bool:
        """True when a range holds offset `i` (x <= i < y)."""
        return any(x <= i < y for x, y, _ in self._near(i, i))


class Context:
    """The state the finders of one Doc share; each finder adds statements through `add`."""

    def __init__(self, doc: Doc, resolver: Resolver, lex: Lexicon, *, text: str | None = None,
                 quotes: tuple[list[list[QuoteSpan]], list[tuple[int, str]]] | None = None,
                 deadline: Deadline = NO_DEADLINE) -> None:
        self.doc = doc
        self.deadline = deadline
        self.text = doc.text if text is None else text
        self.resolver = resolver
        self.lex = lex
        self.groups, self.notes = scan_quotes(self.text) if quotes is None else quotes
        self.claimed_verbs: set[int] = set()
        # ‘Single’ quote pairs (headline style), used for quoted words put on someone.
        self.singles = [QuoteSpan(m.start(), m.end() - 1) for m in _SINGLE.finditer(self.text)]
        self.stmts: list[Stmt] = []
        # Indexes, so that no question a finder asks costs the number of quotes or statements.
        self.quotes = sorted((s for g in self.groups for s in g), key=lambda s: s.open)  # scan order: already sorted
        self._opens = [s.open for s in self.quotes]
        self._single_opens = [s.open for s in self.singles]
        self._contents = SpanIndex()  # the content of every statement
        self._direct = SpanIndex()  # the content of direct statements
        self._lines = [m.start() for m in re.finditer("\n", self.text)]
        self._sent_starts: list[int] | None = None
        self._cues: dict[tuple[str, int], int] = {}

    # -- cost ------------------------------------------------------------------------------
    def sentence_of(self, i: int) -> int:
        """The index of the token at which token `i`'s sentence starts (no walk over the sentence)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        return self._sent_starts[bisect_right(self._sent_starts, i) - 1]

    def candidate(self, finder: str, t: Token) -> bool:
        """Count a candidate cue of a finder: False (skipped, with a note) beyond
        `MAX_CUES_PER_SENTENCE` in one sentence, so a finder's work per sentence is bounded.
        Also where the time budget is checked."""
        self.deadline.check()
        WORK["cues"] += 1
        k = (finder, self.sentence_of(t.i))
        n = self._cues[k] = self._cues.get(k, 0) + 1
        if n == MAX_CUES_PER_SENTENCE + 1:
            self.notes.append((self.doc[k[1]].idx, f"more than {MAX_CUES_PER_SENTENCE} candidate cues in one sentence; the rest skipped"))
        return n <= MAX_CUES_PER_SENTENCE

    # -- tokens and cues -------------------------------------------------------------------
    def tokens(self, a: int, b: int) -> Span | None:
        """The tokens covering characters [a, b) (None for an empty range)."""
        if b <= a:
            return None
        return self.doc.char_span(a, b, alignment_mode="expand")

    def is_cue(self, t: Token) -> bool:
        """A verb of saying not yet used by another statement."""
        return t.pos_ in VERB_POS and t.lemma_.lower() in self.lex.reporting_verbs and t.i not in self.claimed_verbs

    def is_clause_cue(self, t: Token) -> bool:
        """A verb of belief or evidence ("believes", "thinks", "found", "showed": `framing.txt`)
        not yet used: it introduces a statement only with a clause and a named source."""
        return (t.pos_ in VERB_POS and self.lex.framing.get(t.lemma_.lower()) in {"belief", "evidence"}
                and t.lemma_.lower() not in self.lex.reporting_verbs and t.i not in self.claimed_verbs)

    def cue_in(self, span: Span | None, *, limit: int = 10, from_end: bool = False) -> Token | None:
        """The first (or last) unused verb of saying among the first `limit` words of a span."""
        if span is None:
            return None
        words = [t for t in span if not t.is_punct and not t.is_space]
        for t in (words[::-1] if from_end else words)[:limit]:
            if self.is_cue(t):
                return t
        return None

    # -- speakers --------------------------------------------------------------------------
    def named(self, t: Token) -> Speaker:
        """The speaker named by the mention that covers token `t`."""
        m = self.resolver.tm[t.i]
        res = self.resolver.resolve(t, span=(m.start, m.end))
        return Speaker(res, m.text, char_bounds(self.doc, m.start, m.end))

    def speaker_for(self, verb: Token, window: Span | None) -> Speaker:
        """The speaker of a cue verb: its subject, else ("said Kannan") the nearest name or
        pronoun in `window`."""
        subj = subject_of(verb)
        if subj is not None:
            s, e = self.resolver.span_of(subj)
            raw = self.doc[s:e]
            return Speaker(self.resolver.resolve(subj), raw.text, (raw.start_char, raw.end_char))
        if window is None:
            return Speaker()
        cands = [t for t in window if t.i != verb.i and (t.i in self.resolver.tm or t.lower_ in SPEAKER_PRONOUNS)]
        if not cands:
            return Speaker()
        t = min(cands, key=lambda c: abs(c.i - verb.i))
        m = self.resolver.tm.get(t.i)
        res = self.resolver.resolve(t, span=(m.start, m.end) if m else (t.i, t.i + 1))
        raw = self.doc[m.start : m.end] if m else self.doc[t.i : t.i + 1]
        return Speaker(res, raw.text, (raw.start_char, raw.end_char))

    def nameable(self, speaker: Speaker) -> bool:
        """A source a reader can name: resolved to an entity, or a phrase with a name in it
        ("the Trump campaign", "McConnell aides"), not a bare pronoun or "officials"."""
        if speaker.res is not None:
            return True
        if speaker.span is None:
            return False
        span = self.tokens(*speaker.span)
        return span is not None and any(t.pos_ == "PROPN" for t in span)

    # -- statements ------------------------------------------------------------------------
    def evidence(self, a: int, b: int) -> tuple[int, int]:
        """The sentence(s) around characters [a, b)."""
        sa = self.tokens(a, min(a + 1, len(self.text)))
        sb = self.tokens(max(b - 1, 0), b)
        start = sa.sent.start_char if sa is not None else a
        end = sb.sent.end_char if sb is not None else b
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, max(end, b)

    def add(self, kind: StatementKind, verb: Token | None, cue: str, cue_span: tuple[int, int] | None,
            content: list[tuple[int, int]], speaker: Speaker, confidence: float) -> Stmt | None:
        """Record a statement; the cue verb is claimed and a named person becomes salient."""
        content = [(a, b) for a, b in content if b > a]
        if not content:
            return None
        res = speaker.res
        lo = min([a for a, _ in content] + ([cue_span[0]] if cue_span else []))
        hi = max([b for _, b in content] + ([cue_span[1]] if cue_span else []))
        if res is None:
            confidence = min(confidence, 0.4)
        elif res.kind == "pronoun":
            confidence -= 0.1
        elif res.kind in {"title", "description"}:
            confidence -= 0.05
        st = Stmt(kind, cue, cue_span, content, speaker, self.evidence(lo, hi), round(confidence, 2),
                  verb.i if verb is not None else None)
        if verb is not None:
            self.claimed_verbs.add(verb.i)
        if res is not None and res.mention.label == "Person":
            self.resolver.note_speaker(res.start, res.mention)
        self.stmts.append(st)
        for x, y in content:
            self._contents.add(x, y, st)
            if kind == "direct":
                self._direct.add(x, y, st)
        return st

    def add_verb(self, kind: StatementKind, verb: Token, content: list[tuple[int, int]], speaker: Speaker, confidence: float) -> Stmt | None:
        """`add` with a verb as the cue."""
        return self.add(kind, verb, verb.text, (verb.idx, verb.idx + len(verb)), content, speaker, confidence)

    def overlaps(self, a: int, b: int, *, exclude: Stmt | None = None) -> bool:
        """True when [a, b) overlaps the content of a statement already found (other than `exclude`)."""
        return self._contents.overlaps(a, b, exclude=exclude)

    def inside_direct(self, i: int) -> bool:
        """True when offset `i` is inside a direct quote already found."""
        return self._direct.contains(i)

    def set_content(self, st: Stmt, k: int, span: tuple[int, int]) -> None:
        """Replace the `k`th content range of a statement already added."""
        for ix in (self._contents, self._direct) if st.kind == "direct" else (self._contents,):
            ix.remove(*st.content[k], st)
            ix.add(*span, st)
        st.content[k] = span

    def has_quote(self, a: int, b: int) -> bool:
        """True when a quote opens inside [a, b)."""
        return a < b and bisect_left(self._opens, a) < bisect_left(self._opens, b)

    def quotes_in(self, a: int, b: int) -> list[QuoteSpan]:
        """The quote spans (paired marks) opening inside [a, b), in text order."""
        return self.quotes[bisect_left(self._opens, a) : bisect_left(self._opens, b)] if a < b else []

    def singles_in(self, a: int, b: int) -> list[QuoteSpan]:
        """The ‘single’ quote pairs opening inside [a, b), in text order."""
        return self.singles[bisect_left(self._single_opens, a) : bisect_left(self._single_opens, b)] if a < b else []

    def line_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) of the line (paragraph) holding offset `i` (as `syntax.paragraph_bounds`)."""
        k = bisect_left(self._lines, i)  # the first line break at or after i
        a = self._lines[k - 1] + 1 if k > 0 else 0
        b = self._lines[k] if k < len(self._lines) else len(self.text)
        return a, b

    def line_break_before(self, i: int) -> int:
        """The offset of the last line break before `i` (-1 when none), as `text.rfind("\\n", 0, i)`."""
        k = bisect_left(self._lines, i)
        return self._lines[k - 1] if k > 0 else -1

    def trim(self, toks: list[Token], min_words: int = 3) -> tuple[int, int] | None:
        """Character span of clause tokens without edge punctuation, "that" and conjunctions;
        None when fewer than `min_words` words remain."""
        while toks and (toks[0].is_punct and toks[0].text not in ALL_MARKS or toks[0].is_space or toks[0].dep_ == "mark" and toks[0].lower_ in {"that"}):
            toks = toks[1:]
        while toks and ((toks[-1].is_punct and toks[-1].text not in ALL_MARKS) or toks[-1].is_space or toks[-1].dep_ == "cc"):
            toks = toks[:-1]
        if len([t for t in toks if not t.is_punct]) < min_words:
            return None
        a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
        # A quote opened inside the content runs to its closing mark (the parse may stop inside it).
        k = bisect_left(self._opens, a)
        while k < len(self.quotes) and self.quotes[k].open < b:  # b only grows: the spans in text order
            s = self.quotes[k]
            if b <= s.close and not s.continues and self.line_bounds(b)[1] >= s.close:
                b = s.close + 1
            k += 1
        if self.text[a] in ALL_MARKS and not self.has_quote(a, b):
            a += 1
        return a, self.past_quote(b)

    def past_quote(self, b: int) -> int:
        """Content ending at a closing quote mark followed by a prepositional phrase runs to the end of
        the phrase: the GOP for “turning its back” on working families (at most 20 words, up to a
        comma, dash, subordinator or sentence end; not after "!"/"?", not a time or "in response")."""
        text = self.text
        if b < 2 or text[b - 1] not in ALL_MARKS or text[b - 2] in "!?":
            return b
        m = _AFTER_QUOTE.match(text, b)
        if m is None or m.group(2).lower() in _NOT_CONTENT:
            return b
        stop = _PHRASE_STOP.search(text, m.end(1))
        end = stop.start() if stop else len(text)
        return end if len(text[b:end].split()) <= 20 else b
