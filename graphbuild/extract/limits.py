"""Bounds on the cost of extraction, whatever the text.

- `MAX_SENT_TOKENS`: no sentence the rules see is longer (`split_long_runs`, run before the
  parser, cuts a run without a sentence end at a likely sentence end, else at a clause mark, else
  between words), so everything the rules do per cue (clause, trim, speaker) is bounded;
- `MAX_CUES_PER_SENTENCE`: candidate verbs of saying looked at per sentence and finder;
- `Deadline` / `ExtractionTimeout`: the per-article time budget (`DEFAULT_BUDGET` seconds of rule
  time over all of an article's windows), checked between stages, finders and sentences;
- `BATCH_CHARS`: the text of one `nlp.pipe` batch (`pipeline._piped`), so memory is bounded
  however long an article is (it is cut into windows: `pipeline.windows`);
- `WORK`: counters of the rules' work (tokens and candidates visited), for tests and benchmarks:
  on any text they grow linearly with its length.

>>> d = Deadline(None); d.check(); d.remaining() is None
True
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from spacy.tokens import Doc

from ..model import ExtractionError

MAX_SENT_TOKENS = 200  # the longest sentence of PolNeAR dev and the styles gold has 96 tokens
MAX_CUES_PER_SENTENCE = 24  # candidate verbs of saying per sentence and finder (news: at most a handful)
BATCH_CHARS = 100_000  # characters per nlp.pipe batch in one process (spaCy takes ~4 KB per character of a batch)
LEAD_CHARS = 1000  # what the rules read of a paragraph before a quote (a lead sentence is shorter)
DEFAULT_BUDGET = 60.0  # seconds of rule time per article (`extract_stream(budget=)`)

# Work done by the rules in this process (reset with `WORK.clear()`); keys are stable names.
WORK: Counter[str] = Counter()

_ENDS = frozenset({".", "!", "?", "…", "...", "!?", "?!"})
_CLOSERS = frozenset({"”", "’", '"', "'", ")", "]", "»"})
_CLAUSE_MARKS = frozenset({";", ":", ",", "—", "–", "--", "―", "(", ")"})


class ExtractionTimeout(ExtractionError):
    """An article's extraction went over its time budget ("extraction exceeded 60 s").

    >>> str(ExtractionTimeout(60.0))
    'extraction exceeded 60 s'
    """

    PREFIX = "extraction exceeded "

    def __init__(self, budget: float) -> None:
        self.budget = budget
        super().__init__(f"{self.PREFIX}{budget:g} s")

    @classmethod
    def describes(cls, message: str | None) -> bool:
        """True when an error message (a `Failure.error`, `doc._.gb_error`) is a timeout's."""
        return bool(message) and str(message).startswith(cls.PREFIX)

    @classmethod
    def from_message(cls, message: str) -> ExtractionTimeout:
        """The exception a timeout's message describes.

        >>> ExtractionTimeout.from_message("extraction exceeded 0.5 s").budget
        0.5
        """
        try:
            return cls(float(message[len(cls.PREFIX) :].split()[0]))
        except (ValueError, IndexError):
            return cls(float("nan"))


class Deadline:
    """A time budget in seconds (None: unlimited), started now; `check()` raises
    `ExtractionTimeout` once it is spent. `spent` seconds already used elsewhere count."""

    def __init__(self, budget: float | None, *, spent: float = 0.0) -> None:
        self.budget = budget
        self.start = time.perf_counter() - spent

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def remaining(self) -> float | None:
        return None if self.budget is None else self.budget - self.elapsed()

    def check(self) -> None:
        if self.budget is not None and time.perf_counter() - self.start > self.budget:
            raise ExtractionTimeout(self.budget)


NO_DEADLINE = Deadline(None)
_CURRENT: ContextVar[Deadline] = ContextVar("graphbuild_deadline", default=NO_DEADLINE)


@contextmanager
def deadline_scope(deadline: Deadline) -> Iterator[Deadline]:
    """Make `deadline` the one `current_deadline()` gives inside the block (the attribution
    component sets it around the rules of each Doc)."""
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


def current_deadline() -> Deadline:
    """The deadline of the rules running now (`NO_DEADLINE` outside `deadline_scope`)."""
    return _CURRENT.get()


def _probable_end(doc: Doc, i: int) -> bool:
    """True when a sentence very likely starts at token `i`: after ". ! ?" (and closing quotes or
    brackets), before a capital, a digit or an opening quote mark."""
    j = i - 1
    while j > 0 and doc[j].text in _CLOSERS:
        j -= 1
    if j < 0 or doc[j].text not in _ENDS:
        return False
    first = doc[i].text[:1]
    return first.isupper() or first.isdigit() or first in "“\"'‘(«"


def split_long_runs(doc: Doc, max_tokens: int = MAX_SENT_TOKENS) -> int:
    """Start a sentence wherever `max_tokens` tokens go by without a sentence start already set
    (line breaks set them): at the last likely sentence end of the run, else after its last clause
    mark (";", ":", ",", a dash), else between words. The parser keeps these starts, so no sentence
    is longer than `max_tokens`. Ordinary news is untouched: its paragraphs are shorter, or are
    cut where a sentence ends anyway. Returns the number of starts set. Linear in the Doc.

    >>> from spacy.vocab import Vocab
    >>> d = Doc(Vocab(), words=["a"] * 10)
    >>> split_long_runs(d, 4), [t.i for t in d if t.is_sent_start and t.i]
    (2, [4, 8])
    """
    n = len(doc)
    last = 0  # the start of the current run
    best_end = best_clause = best_space = -1
    added = visited = 0
    floor = max(1, max_tokens // 4)  # a cut leaves at least this many tokens in the run
    i = 0
    while i + 1 < n:
        i += 1
        visited += 1
        t = doc[i]
        if t.is_sent_start:
            last, best_end, best_clause, best_space = i, -1, -1, -1
            continue
        if i - last >= floor:
            if _probable_end(doc, i):
                best_end = i
            elif doc[i - 1].text in _CLAUSE_MARKS:
                best_clause = i
            if doc[i - 1].whitespace_:
                best_space = i
        if i - last < max_tokens:
            continue
        cut = next((c for c in (best_end, best_clause, best_space) if c > last), i)
        doc[cut].is_sent_start = True
        added += 1
        # The next run starts at the cut (at least `floor` tokens on): look at its tokens again.
        last, best_end, best_clause, best_space, i = cut, -1, -1, -1, cut
    WORK["split_tokens"] += visited
    return added
