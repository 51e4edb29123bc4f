"""Hand-built spaCy Docs for rule tests without a model (as spaCy's own tests build them).

A sentence is written as one row per token: (word, head, dep, pos[, lemma]); `head` is the index
of the head token within the sentence (the root points to itself). Entities are given as
(words, label): every occurrence of those words is tagged. Each sentence after the first starts
a new paragraph (a line-break token between them), as graphbuild's paragraph rule would split them.
"""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.tokens import Doc

_VOCAB = spacy.blank("en").vocab  # English lexical attributes (is_punct, is_title, like_num…)
_NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", "”", "’s", "'s", ")", "n't"}
_NO_SPACE_AFTER = {"“", "("}

Token = tuple[str, int, str, str] | tuple[str, int, str, str, str]


def parsed(*sentences: Sequence[Token], ents: Sequence[tuple[str, str]] = (), paragraphs: bool = True) -> Doc:
    """A Doc with words, heads, dependencies, POS tags, lemmas and entities.

    >>> doc = parsed([("Ruiz", 1, "nsubj", "PROPN"), ("spoke", 1, "ROOT", "VERB", "speak")], ents=[("Ruiz", "PERSON")])
    >>> [(e.text, e.label_) for e in doc.ents], doc[1].lemma_
    ([('Ruiz', 'PERSON')], 'speak')
    """
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    deps: list[str] = []
    pos: list[str] = []
    lemmas: list[str] = []
    for si, sent in enumerate(sentences):
        base = len(words)
        if si and paragraphs and spaces:
            words.append("\n")
            spaces.append(False)
            heads.append(base - 1)
            deps.append("dep")
            pos.append("SPACE")
            lemmas.append("\n")
            base += 1
        for tok in sent:
            word, head, dep, tag = tok[:4]
            lemma = tok[4] if len(tok) > 4 else word.lower()  # type: ignore[misc]
            words.append(word)
            heads.append(base + head)
            deps.append(dep)
            pos.append(tag)
            lemmas.append(lemma)
            spaces.append(True)
    for i in range(len(words) - 1):
        if words[i + 1] in _NO_SPACE_BEFORE or words[i] in _NO_SPACE_AFTER or words[i] == "\n" or words[i + 1] == "\n":
            spaces[i] = False
    spaces[-1] = False
    iob = ["O"] * len(words)
    for text, label in ents:
        want = text.split()
        for i in range(len(words) - len(want) + 1):
            if words[i : i + len(want)] == want:
                iob[i : i + len(want)] = [f"B-{label}"] + [f"I-{label}"] * (len(want) - 1)
    doc = Doc(_VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=iob)
    return doc


def index(doc: Doc, word: str, nth: int = 0) -> int:
    """The token index of the `nth` occurrence of `word`."""
    hits = [t.i for t in doc if t.text == word]
    return hits[nth]
