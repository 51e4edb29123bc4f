"""Extract: Article -> spaCy Doc(s) -> `Extraction` records.

- `nlp`: load and check a pipeline (never a download), add graphbuild's components;
- `components`: the spaCy factories; `annotate`: all rules on one Doc -> plain results;
- the rules: `entities/`, `roles`, `programs`, `speakers` (coreference), `statements/` (one
  finder per statement form), on shared `syntax` helpers, `quotemarks` and the `lexicon`;
- `assemble`: the results of an article's windows -> records; `pipeline`: the stream;
- `limits`: what bounds the cost (sentence length, cues per sentence, batch text, time budget).
"""

from .limits import DEFAULT_BUDGET, ExtractionTimeout
from .nlp import DEFAULT_MODEL, WINDOW_CHARS, load_nlp, load_pipeline, model_version
from .pipeline import (
           EXTRACTOR_VERSION,
           extract,
           extract_stream,
           extractor_version,
           lexicon_of,
           windows,
)

__all__ = ["DEFAULT_BUDGET", "DEFAULT_MODEL", "EXTRACTOR_VERSION", "WINDOW_CHARS", "ExtractionTimeout", "extract", "extract_stream", "extractor_version", "lexicon_of",
           "load_nlp", "load_pipeline", "model_version", "windows"]
