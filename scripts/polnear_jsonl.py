"""Write PolNeAR articles as graphbuild JSON Lines with their outlet and publication date (from
PolNeAR's metadata.tsv), so claims and republications can be ordered in time and by outlet.

Not part of graphbuild; the corpus stays where it is (the output goes where you say, never into
this repository). Usage:
    python scripts/polnear_jsonl.py ../shared/bench/polnear dev train > /tmp/polnear.jsonl
    graphbuild build /tmp/polnear.jsonl --store /tmp/polnear.json
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    root, splits = Path(argv[0]), argv[1:] or ["dev", "train"]
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        meta = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}
    for split in splits:
        for path in sorted((root / split / "text").glob("*.txt")):
            m = meta.get(path.stem, {})
            rec = {"id": f"polnear:{path.stem}", "text": path.read_text(encoding="utf-8"),
                   "published": m.get("publication_date") or None, "outlet": m.get("publisher") or None}
            print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
