"""Turn the hand labels below (sentence indices under the splitter of commit 6c21dbb) into labels.json (offsets).

Run once from the root of a checkout of that commit: `python benchmarks/extraction/pages/make_labels.py DATA_DIR`.
labels.json stores only references (file, Body ID, character offsets) and the labels: no article text.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from engine.extraction.splitting import split_sentences

# Per page: C = factual sentences that should become claims, F = furniture sentences; the rest are neither
# (opinion, questions, fragments of a quote). "dateline" is the dateline the page prints at its head, if any.
LABELS: dict[tuple[str, int], dict[str, Any]] = {
    ("train", 72): {"C": [1, 3, 4, 5, 6, 7, 8, 10, 11, 13], "F": [2, 9, 12]},
    ("train", 81): {"C": [2, 4, 5, 13, 15], "F": [3, 7, 9, 10, 12, 14, 17, 18]},
    ("train", 119): {
        "C": [0, 1, 2, 3, 4, 5, 6, 8, 10],
        "F": [12, 13, 14, 15, 16],
        "dateline": "TEXAS CITY, Texas (AP)",
    },
    ("train", 140): {"C": [0, 1, 2, 3, 4, 5, 6, 7, 8], "F": [9]},
    ("train", 167): {"C": list(range(12)), "F": [], "dateline": "LAS VEGAS"},
    ("train", 227): {"C": [0, 1, 2, 3, 4, 5, 8, 9], "F": [10], "dateline": "LAGOS"},
    ("train", 333): {"C": [1, 2, 3], "F": [0]},
    ("train", 362): {"C": list(range(13)), "F": [13], "dateline": "ELON, N.C."},
    ("train", 403): {"C": [0, 1, 2, 3, 5, 6], "F": [7, 8, 9]},
    ("train", 464): {"C": [0, 1, 3, 6, 7, 8], "F": [10, 11]},
    ("train", 466): {"C": [2, 3, 6, 7, 9, 10, 11, 12, 13], "F": [4, 5]},
    ("train", 630): {"C": list(range(6)), "F": [], "dateline": "BEIRUT"},
    ("train", 658): {"C": list(range(7)), "F": [], "dateline": "SALT LAKE CITY (AP)"},
    ("train", 715): {"C": [0, 1, 2, 3, 4, 5, 7, 8, 10, 11], "F": [], "dateline": "MANAGUA, Nicaragua (AP)"},
    ("train", 915): {"C": list(range(7)), "F": [7]},
    ("train", 1045): {"C": [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14], "F": [19]},
    ("train", 1071): {"C": [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11], "F": []},
    ("train", 1274): {"C": list(range(7)), "F": [], "dateline": "WASHINGTON (WJLA)"},
    ("train", 1318): {"C": list(range(8)), "F": [8], "dateline": "(Reuters)"},
    ("train", 1355): {"C": list(range(5)), "F": [5], "dateline": "LONDON (Reuters)"},
    ("train", 1453): {"C": [0, 2, 4, 5, 6, 7, 8, 9, 10, 11], "F": []},
    ("train", 1608): {"C": [0, 3, 4, 5, 6, 7, 8, 9, 10], "F": [1, 2], "dateline": "BEIRUT"},
    ("train", 1784): {"C": [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 13], "F": [7, 14]},
    ("train", 1794): {"C": [0, 1, 2, 5, 6, 7, 8, 9], "F": [3, 4, 10, 11]},
    ("train", 2048): {"C": list(range(4)), "F": [], "dateline": "SAN FRANCISCO (MarketWatch)"},
    ("train", 1506): {"C": list(range(6)), "F": [], "dateline": "BAGHDAD, Iraq"},
    ("train", 1263): {"C": list(range(6)), "F": [6], "dateline": "BAGHDAD"},
    ("train", 936): {"C": [0, 1, 2, 3, 4, 5, 7, 8, 9], "F": [10]},
    ("train", 1149): {"C": [0, 1, 3, 4, 6, 8], "F": [5, 9, 10]},
    ("competition_test", 1999): {"C": list(range(7)), "F": [7, 8, 9, 10], "dateline": "SEOUL (Reuters)"},
}
_DATELINE_END = re.compile(r"\s(?:-{1,2}|—|–)\s|—")


def main(data_dir: Path) -> None:
    pages: list[dict[str, Any]] = []
    for (split, body_id), label in LABELS.items():
        path = f"fnc1/{split}_bodies.csv"
        with (data_dir / path).open(encoding="utf-8") as handle:
            body = next(row["articleBody"] for row in csv.DictReader(handle) if row["Body ID"] == str(body_id))
        sentences = split_sentences(body)
        furniture = [[sentences[i].start, sentences[i].end] for i in label["F"]]
        if label.get("dateline"):
            end = _DATELINE_END.search(body)
            assert end is not None and end.start() < 60, (split, body_id)
            furniture.append([0, end.end()])
        pages.append(
            {
                "file": path,
                "body_id": body_id,
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "claims": [[sentences[i].start, sentences[i].end] for i in label["C"]],
                "furniture": sorted(furniture),
                "title": None,
                "byline": None,
                "dateline": label.get("dateline"),
                "published": None,
            }
        )
    out = Path(__file__).with_name("labels.json")
    out.write_text(json.dumps({"pages": pages}, indent=1) + "\n")
    print(f"{len(pages)} pages, {sum(len(p['claims']) for p in pages)} claim sentences -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
