"""Keep our blocks of benchmarks/RESULTS.md up to date without touching other sections.

Each benchmark owns one block inside `## Check-worthiness`, fenced by HTML comments, and rewrites only that block.
"""

from __future__ import annotations

import platform
import re
from pathlib import Path

from ct24 import REPO_ROOT

RESULTS_PATH = REPO_ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Check-worthiness"
BLOCK_ORDER = ("machine", "f1", "throughput", "newsset")


def machine_line() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"Machine: {os.cpu_count()} cores, {cpu}, no GPU; Python {platform.python_version()}."


def update_block(key: str, markdown: str, path: Path = RESULTS_PATH) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n"
    start = text.index(SECTION)
    following = re.search(r"^## ", text[start + len(SECTION) :], flags=re.MULTILINE)
    end = start + len(SECTION) + following.start() if following else len(text)
    section = text[start:end]
    blocks = dict(re.findall(r"<!-- cw:(\w+) -->\n(.*?)<!-- /cw:\1 -->\n", section, flags=re.DOTALL))
    blocks["machine"] = machine_line() + "\n"
    blocks[key] = markdown.rstrip("\n") + "\n"
    ordered = [k for k in BLOCK_ORDER if k in blocks] + [k for k in blocks if k not in BLOCK_ORDER]
    body = "".join(f"<!-- cw:{k} -->\n{blocks[k]}<!-- /cw:{k} -->\n\n" for k in ordered)
    new_section = f"{SECTION}\n\n{body}"
    path.write_text(text[:start] + new_section + text[end:].lstrip("\n"), encoding="utf-8")
