"""Regenerate graphbuild/extract/resources/first_names.tsv from the nomquamgender data (MIT).

Not needed at run time. Usage (nomquamgender installed in the venv):
    python scripts/make_first_names.py
Keeps given names seen in at least 8 sources with at least 300 counts, drops country names
and demonyms, and stores the probability that the name is used by women (p_female).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "graphbuild" / "extract" / "resources" / "first_names.tsv"


def main() -> None:
    spec = importlib.util.find_spec("nomquamgender")  # the package itself imports pandas: read its data only
    assert spec is not None and spec.submodule_search_locations, "pip install nomquamgender==0.1.4 --no-deps"
    data = json.loads(Path(spec.submodule_search_locations[0], "name_data.json").read_text(encoding="utf-8"))
    countries = OUT.parent.joinpath("countries.tsv").read_text(encoding="utf-8").lower()
    blocked = set(re.findall(r"[a-z][a-z'-]+", countries))
    rows = []
    for name, (sources, counts, p_female, *_rest) in data.items():
        if re.fullmatch(r"[a-z][a-z'-]{1,20}", name) and sources >= 8 and counts >= 300 and name not in blocked:
            rows.append((name, p_female))
    rows.sort()
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# Given names and the share of their bearers who are women (p_female), derived from\n")
        f.write("# nomquamgender 0.1.4 name_data.json (MIT License, Copyright (c) 2022 Ian Van Buskirk).\n")
        f.write("# Regenerate with scripts/make_first_names.py.\n")
        for name, p in rows:
            f.write(f"{name}\t{p:.2f}\n")
    print(f"wrote {len(rows)} names to {OUT}")


if __name__ == "__main__":
    main()
