"""Fact slots read from a sentence (numbers, casualties, dates, places, actors, outcomes) and where two disagree.

One module per slot reader (`numbers`, `casualties`, `dates`, `places`, `actors`, `outcomes`, `negation`);
`extract` reads them all into `Facts`; `differences` compares two `Facts`, and `wording` two near-copies' words.
"""

from engine.matching.facts.dates import MAX_REPORT_GAP_DAYS
from engine.matching.facts.differences import find_differences
from engine.matching.facts.extract import Facts, extract_facts, text_date

__all__ = ["MAX_REPORT_GAP_DAYS", "Facts", "extract_facts", "find_differences", "text_date"]
