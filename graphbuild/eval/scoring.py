"""Scoring predicted statements against gold attributions, per slice (quoted / speech / all) and
match rule (exact content span, Jaccard >= 0.5 over content characters, any overlap), one-to-one.

>>> score([[(0, 10)]], [[(0, 10)]], "j50")
(1, 1, 1)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field

from ..extract.lexicon import default_lexicon
from ..extract.syntax import PERSONAL_PRONOUNS
from ..model import words
from .cues import _speech_cue, cue_framing

QUOTE_CHARS = "\"“”„‟«»"
_TRIM = set(" \t\n\r.,;:!?—–-'\"“”‘’„‟«»()[]")
RULES = ("exact", "j50", "overlap")
SLICES = ("quoted", "speech", "all")
_STOP = {"the", "a", "an", "of", "and", "for", "to", "in", "on", "at", "mr", "mrs", "ms", "dr"}
ABBREVIATED_TITLES = {"gov", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "pres", "atty", "supt", "insp", "det", "prof"}


@dataclass
class Attribution:
    """One gold or predicted statement (character offsets into the article's text file)."""

    content: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    source_text: str = ""
    cue: str = ""
    speaker: str | None = None  # predicted canonical speaker
    mention: str | None = None  # predicted speaker as written
    text: str = ""
    framing: str = ""  # predicted: the framing class of the cue
    kind: str = ""  # predicted: direct, indirect or mixed
    referent: tuple[str, ...] | None = None  # gold: who the source refers to, when the gold says so (() = nobody)

    def chars(self, text: str) -> set[int]:
        """Content character offsets, surrounding punctuation, quote marks and spaces trimmed."""
        out: set[int] = set()
        for a, b in self.content:
            while a < b and text[a] in _TRIM:
                a += 1
            while b > a and text[b - 1] in _TRIM:
                b -= 1
            out.update(range(a, b))
        return out


def _quoted(text: str) -> bool:
    return any(c in text for c in QUOTE_CHARS) or bool(re.search(r"(^|\W)['‘][^'’]+['’](\W|$)", text))


def score(gold: list[list[tuple[int, int]]], pred: list[list[tuple[int, int]]], rule: str) -> tuple[int, int, int]:
    """(matched, n_pred, n_gold) with one-to-one matching under `rule`, on raw spans."""
    g = [{i for a, b in x for i in range(a, b)} for x in gold]
    p = [{i for a, b in x for i in range(a, b)} for x in pred]
    return len(match(g, p, rule)), len(p), len(g)


def match(gold: list[set[int]], pred: list[set[int]], rule: str) -> list[tuple[int, int]]:
    """The one-to-one (gold index, pred index) pairs under `rule`."""
    pairs = []
    for i, gs in enumerate(gold):
        for j, ps in enumerate(pred):
            inter = len(gs & ps)
            if inter:
                jac = inter / len(gs | ps)
                if (rule == "exact" and gs == ps) or (rule == "j50" and jac >= 0.5) or rule == "overlap":
                    pairs.append((jac, i, j))
    pairs.sort(reverse=True)
    ug: set[int] = set()
    up: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in ug and j not in up:
            ug.add(i)
            up.add(j)
            out.append((i, j))
    return out


def speaker_right(g: Attribution, p: Attribution) -> bool:
    """The predicted speaker mention overlaps the gold Source span, or the canonical name shares
    a word with it; a gold attribution without a source wants no speaker."""
    if g.source is None:
        return p.speaker is None and p.source is None
    if p.source and p.source[0] < g.source[1] and g.source[0] < p.source[1]:
        return True
    if p.speaker:
        words = {w for w in re.findall(r"\w+", p.speaker.lower()) if w not in _STOP and len(w) > 1}
        return bool(words & set(re.findall(r"\w+", g.source_text.lower())))
    return False


def _spans_words(text: str) -> list[str]:
    return re.findall(r"[\w’'.-]+", re.sub(r"\([^)]*\)", " ", text))


def name_words(text: str) -> list[str]:
    """The capitalised words of a source span that can name someone, in the normal form of
    `graphbuild.model.words`: no honorifics, determiners or pronouns, no demonyms or titles
    before another capitalised word, parentheticals dropped ("Sen. Ted Cruz (R-TX)" -> ted, cruz).

    >>> name_words("Republican nominee Gov. Mike Pence (R-IN)"), name_words("Mr. King and Mr. O’Neill")
    (['republican', 'mike', 'pence'], ['king', 'oneill'])
    """
    lex = default_lexicon()
    toks = [re.sub(r"(’s|'s|’|')$", "", w).strip(".") for w in _spans_words(text)]
    out: list[str] = []
    for k, w in enumerate(toks):
        if not w or not w[0].isupper():
            continue
        low = w.lower()
        before_name = k + 1 < len(toks) and toks[k + 1][:1].isupper()
        if low in _STOP or low in PERSONAL_PRONOUNS or low in lex.honorifics or low in ABBREVIATED_TITLES:
            continue
        if before_name and (lex.is_title_word(w) or lex.is_demonym(w)):
            continue
        out += words(w)
    return out


def is_name(text: str) -> bool:
    """A source span that is itself a name: its last word (the head) is capitalised and no pronoun
    ("Hillary Clinton", "The New York Post"), unlike "the senator", "he" or "officials"."""
    toks = _spans_words(text)
    head = toks[-1] if toks else ""
    return head[:1].isupper() and head.lower() not in PERSONAL_PRONOUNS


def is_generic(text: str, article: str) -> bool:
    """A one-word source capitalised only because it starts the sentence: a common word that the
    article also writes in lower case ("Police", "Republicans", "Authorities"; not "Reuters")."""
    toks = _spans_words(text)
    if len(toks) != 1:
        return False
    low = toks[0].lower()
    return low in default_lexicon().common_words and f" {low} " in article


Referent = tuple[str, ...] | None  # the words naming who a gold source refers to; () = nobody; None = unknown


def read_referents(path: str | Path) -> dict[tuple[str, int, int], str]:
    """(article, start, end) -> referent of the gold sources that are not names (bench/gold/sources_dev.tsv)."""
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["article"], int(r["start"]), int(r["end"])): r["referent"].strip()
                for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


def gold_referent(stem: str, g: Attribution, referents: dict[tuple[str, int, int], str], text: str = "") -> Referent:
    """Who a gold source refers to, from the gold alone: a source that is a name names itself;
    any other (a pronoun, a description, a generic) takes its hand-annotated referent
    (`read_referents`: a name, "-" for nobody, "?" unknown). No source: nobody.

    >>> gold_referent("a", Attribution([(9, 20)], (0, 8), "Sen. Ana Ruiz"), {})
    ('ana', 'ruiz')
    >>> gold_referent("a", Attribution([(9, 20)], (0, 2), "he"), {("a", 0, 2): "Carlos Mendes"})
    ('carlos', 'mendes')
    """
    if g.referent is not None:
        return g.referent
    if g.source is None:
        return ()
    if is_generic(g.source_text, text):
        return ()
    if is_name(g.source_text):
        named = tuple(name_words(g.source_text))
        lex = default_lexicon()
        group = (lex.demonyms.get(named[0]) or lex.party_of(named[0])) if len(named) == 1 else None
        return tuple(words(group)) if group else (named or None)  # "Mexicans" is Mexico, "Republicans" the Republican Party, as graphbuild merges them
    ref = referents.get((stem, g.source[0], g.source[1]))
    if ref is None or ref == "?":
        return None
    return () if ref == "-" else tuple(words(ref))


def source_kind(g: Attribution, ref: Referent, text: str) -> str:
    """name, pronoun, description (a title or other words that stand for someone) or nobody."""
    if not ref or not g.source_text:
        return "nobody"
    if is_name(g.source_text) and not is_generic(g.source_text, text):
        return "name"
    first = (re.findall(r"\w+", g.source_text.lower()) or [""])[0]
    return "pronoun" if first in PERSONAL_PRONOUNS or first in {"who", "which", "that"} else "description"


def name_right(ref: Referent, p: Attribution) -> bool:
    """Is the predicted canonical speaker the one the gold source refers to? Its last word (the
    surname, or an organisation's head) is among the referent's words, and the word before it
    agrees where both have one (an initial agrees with anything): "Hillary Clinton" is not "Bill
    Clinton", "Charles E. Grassley" is "Mr. Grassley". A source naming nobody wants no speaker.

    >>> name_right(("bill", "clinton"), Attribution([], speaker="Hillary Clinton")), name_right(("grassley",), Attribution([], speaker="Charles E. Grassley"))
    (False, True)
    """
    if not ref:
        return p.speaker is None
    pw = [w for w in words(p.speaker or "") if w not in _STOP]
    if not pw or pw[-1] not in ref:
        return False
    k = len(ref) - 1 - ref[::-1].index(pw[-1])
    if k == 0 or len(pw) == 1:
        return True
    before_ref, before_pred = ref[k - 1], pw[-2]
    return before_ref == before_pred or len(before_ref) == 1 or len(before_pred) == 1


class SliceScore(BaseModel):
    """P/R/F1 of one slice under one rule."""

    slice: str
    rule: str
    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    gold: int


class SystemScore(BaseModel):
    """All scores of one system on a split."""

    system: str
    scores: list[SliceScore]
    speaker_accuracy: float = Field(description="Mention overlap: the predicted speaker mention overlaps the gold source span.")
    speaker_matched: int
    name_accuracy: float = Field(default=0.0, description="Name level: the predicted canonical speaker is the one the gold source refers to.")
    name_derived: int = Field(default=0, description="Matched statements whose gold referent is known (a name, or nobody).")
    name_by_source: dict[str, float] = Field(default_factory=dict, description="Name-level accuracy per kind of gold source (name, pronoun, description, nobody).")
    sources: dict[str, int] = Field(default_factory=dict, description="Matched statements per kind of gold source.")
    unresolved_pronoun_share: float
    by_framing: dict[str, list[int]] = Field(default_factory=dict, description="Framing class -> [gold, gold matched, predicted, predicted matched] under jaccard>=0.5; gold statements take the class of their cue (`cue_framing`).")
    by_kind: dict[str, list[int]] = Field(default_factory=dict, description="Predicted kind (direct, indirect, mixed) -> [predicted, predicted matched] under jaccard>=0.5.")
    statements: int
    words_per_second: float


class EvalReport(BaseModel):
    """The evaluation of graphbuild (and the baseline) on one split."""

    split: str
    articles: int
    words: int
    gold: int
    systems: list[SystemScore]
    raw_spacy_words_per_second: float


@dataclass
class Accumulator:
    # (slice, rule) -> [gold matched, predictions, gold, predictions matched]
    counts: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    spk_ok: int = 0
    spk_n: int = 0
    name_ok: int = 0
    name_known: int = 0
    referents: dict[tuple[str, int, int], str] = field(default_factory=dict)  # see read_referents
    name_kinds: dict[str, list[int]] = field(default_factory=dict)  # source kind -> [right, matched]
    pron: int = 0
    n_pred: int = 0
    framings: dict[str, list[int]] = field(default_factory=dict)
    kinds: dict[str, list[int]] = field(default_factory=dict)

    def add(self, text: str, gold: list[Attribution], pred: list[Attribution], stem: str = "") -> None:
        self.n_pred += len(pred)
        self.pron += sum(1 for p in pred if p.speaker is None and (p.mention or "").lower() in PERSONAL_PRONOUNS)
        gsets = [g.chars(text) for g in gold]
        psets = [p.chars(text) for p in pred]
        g_in = {
            "all": set(range(len(gold))),
            "quoted": {i for i, g in enumerate(gold) if _quoted(g.text)},
            "speech": {i for i, g in enumerate(gold) if _speech_cue(g.cue)},
        }
        # A prediction is "quoted" when quote marks bound or fall inside its content.
        p_in = {
            "all": set(range(len(pred))),
            "quoted": {j for j, p in enumerate(pred) if _quoted(text[max(p.content[0][0] - 1, 0) : p.content[-1][1] + 1])},
            "speech": {j for j, p in enumerate(pred) if _speech_cue(p.cue)},
        }
        for rule in RULES:
            m = match(gsets, psets, rule)  # one matching over everything, then counted per slice
            for sl in SLICES:
                c = self.counts.setdefault((sl, rule), [0, 0, 0, 0])
                c[0] += sum(1 for i, _ in m if i in g_in[sl])
                c[1] += len(p_in[sl])
                c[2] += len(g_in[sl])
                c[3] += sum(1 for _, j in m if j in p_in[sl])
            if rule == "j50":
                gm, pm = {i for i, _ in m}, {j for _, j in m}
                for i, g in enumerate(gold):
                    f = self.framings.setdefault(cue_framing(g.cue), [0, 0, 0, 0])
                    f[0] += 1
                    f[1] += i in gm
                for j, p in enumerate(pred):
                    f = self.framings.setdefault(p.framing or "other", [0, 0, 0, 0])
                    f[2] += 1
                    f[3] += j in pm
                    k = self.kinds.setdefault(p.kind or "?", [0, 0])
                    k[0] += 1
                    k[1] += j in pm
                for i, j in m:
                    self.spk_n += 1
                    self.spk_ok += speaker_right(gold[i], pred[j])
                    ref = gold_referent(stem, gold[i], self.referents, text)
                    if ref is not None:
                        ok = name_right(ref, pred[j])
                        self.name_known += 1
                        self.name_ok += ok
                        kind = source_kind(gold[i], ref, text)
                        tally = self.name_kinds.setdefault(kind, [0, 0])
                        tally[0] += ok
                        tally[1] += 1

    def result(self, system: str, wps: float) -> SystemScore:
        scores = []
        for (sl, rule), c in self.counts.items():
            m, np_, ng, pm = c
            p = pm / np_ if np_ else 0.0
            r = m / ng if ng else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            scores.append(SliceScore(slice=sl, rule=rule, precision=round(100 * p, 1), recall=round(100 * r, 1), f1=round(100 * f, 1), matched=m, predicted=np_, gold=ng))
        return SystemScore(system=system, scores=scores, speaker_accuracy=round(100 * self.spk_ok / self.spk_n, 1) if self.spk_n else 0.0,
                           speaker_matched=self.spk_n, name_accuracy=round(100 * self.name_ok / self.name_known, 1) if self.name_known else 0.0,
                           name_derived=self.name_known,
                           name_by_source={k: round(100 * ok / n, 1) for k, (ok, n) in sorted(self.name_kinds.items())},
                           sources={k: n for k, (_, n) in sorted(self.name_kinds.items())}, unresolved_pronoun_share=round(100 * self.pron / self.n_pred, 1) if self.n_pred else 0.0,
                           by_framing=dict(sorted(self.framings.items())), by_kind=dict(sorted(self.kinds.items())),
                           statements=self.n_pred, words_per_second=round(wps))


def iter_rows(report: EvalReport) -> Iterable[tuple[str, str, str, float, float, float]]:
    """(system, slice, rule, P, R, F1) rows for tables."""
    for s in report.systems:
        for sc in sorted(s.scores, key=lambda x: (SLICES.index(x.slice), RULES.index(x.rule))):
            yield s.system, sc.slice, sc.rule, sc.precision, sc.recall, sc.f1
