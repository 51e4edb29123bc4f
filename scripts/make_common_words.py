"""Regenerate graphbuild/extract/resources/common_words.txt: common English words that are not
given names (used to tell "Crooked Hillary Clinton" from "Melezia Figueroa"), and
common_given_names.txt: the most used given names (a surname among them, "James", "Scott", is
never resolved to one person across articles by the name alone).

Not needed at run time. Usage (in a scratch venv, not the project's):
    pip install wordfreq==3.1.1 && pip install nomquamgender==0.1.4 --no-deps
    python scripts/make_common_words.py
Keeps lowercase alphabetic English words with a Zipf frequency of at least 3.0 (once per
million words) and drops every word that nomquamgender records as a given name in at least two
sources with at least 50 bearers, and every name of first_names.tsv. Common given names: those
nomquamgender counts at least GIVEN_MIN_COUNT times.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

OUT = Path(__file__).resolve().parent.parent / "graphbuild" / "extract" / "resources" / "common_words.txt"
MIN_ZIPF = 3.0
GIVEN_MIN_COUNT = 500_000
GIVEN_OUT = OUT.parent / "common_given_names.txt"


def main() -> None:
    spec = importlib.util.find_spec("nomquamgender")
    assert spec is not None and spec.submodule_search_locations, "pip install nomquamgender==0.1.4 --no-deps"
    data = json.loads(Path(spec.submodule_search_locations[0], "name_data.json").read_text(encoding="utf-8"))
    names = {n for n, (sources, counts, *_rest) in data.items() if sources >= 2 and counts >= 50}
    first = OUT.parent.joinpath("first_names.tsv").read_text(encoding="utf-8")
    names |= {line.split("\t")[0] for line in first.splitlines() if line and not line.startswith("#")}
    words = sorted(
        w for w in top_n_list("en", 100_000)
        if re.fullmatch(r"[a-z]{2,}", w) and zipf_frequency(w, "en") >= MIN_ZIPF and w not in names
    )
    with OUT.open("w", encoding="utf-8") as f:
        f.write(f"# Common English words (wordfreq 3.1.1, Zipf >= {MIN_ZIPF}) that are not given names\n")
        f.write("# (nomquamgender 0.1.4, first_names.tsv). wordfreq data: CC BY-SA 4.0, Robyn Speer.\n")
        f.write("# Regenerate with scripts/make_common_words.py.\n")
        f.write("\n".join(words) + "\n")
    print(f"wrote {len(words)} words to {OUT}")
    given = sorted(n for n, (_sources, counts, *_rest) in data.items() if isinstance(counts, int) and counts >= GIVEN_MIN_COUNT
                   and re.fullmatch(r"[a-z]{2,}", n))
    with GIVEN_OUT.open("w", encoding="utf-8") as f:
        f.write(f"# Given names borne at least {GIVEN_MIN_COUNT:,} times in nomquamgender 0.1.4 (MIT License,\n")
        f.write("# Copyright (c) 2022 Ian Van Buskirk). Regenerate with scripts/make_common_words.py.\n")
        f.write("\n".join(given) + "\n")
    print(f"wrote {len(given)} given names to {GIVEN_OUT}")


if __name__ == "__main__":
    main()
