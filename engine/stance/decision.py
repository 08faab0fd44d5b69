"""The relation decision: the stance model decides, the fact rules explain, and time re-reads a clash.

For a claim and a passage of another report the stance model gives calibrated probabilities of `supports`,
`contradicts` and `related`. The fact rules (engine.matching.facts) name what differs between the two texts
(numbers, dates, places, actors, negation, outcomes); they no longer decide alone, they:
- explain a contradiction to the reviewer, and let a clash they can name pass with less model confidence;
- read two near-copies of one sentence with nothing they can name as different as one statement: support (a wire
  copy reworded by a sub-editor is not a clash, whatever the model thinks of a long sentence full of figures);
- keep a passage whose figure differs from being shown as confirming the claim;
- read a near-copy that keeps a figure but changes its unit ("48 minutes" / "48 hours") as a clash;
- unless the desk turns refutations off, let a denial in the passage's own words ("not a meteorite, NASA suggests")
  back a clash as a named value does (engine.matching.facts.refutation); whether or not it backs one, such a passage
  is never shown as confirming the claim (at most as related context, with the denial named);
- keep the model alone from calling a clash between a claim that denies or debunks and a passage that denies too or
  relays the story at a distance ("X is a hoax" / "a video purporting to show X").
Time comes last: a later report moving a running count on is an *update*, a report about another time an *earlier
report*; neither is a contradiction (engine.stance.timing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from engine.matching.types import Difference, Relation
from engine.stance.thresholds import CONTRADICTS, RELATED, SUPPORTS, StanceThresholds
from engine.stance.timing import TimeRelation

# A clash the rules can name needs only this much model confidence (multi-outlet dev split,
# benchmarks/stance/multi_outlet/RESULTS.md: 0.25 and 0.40 gave identical dev figures, the higher cut is kept):
# "founded in 2009" / "founded in 2011" is a clear clash the model may rate only moderately, because most of the
# two sentences agree.
RULE_BACKED_CONTRADICTS = 0.40
# Two texts this alike (rapidfuzz token-sort ratio, 0-100, on lower-cased words) are one sentence copied or
# reworded: any contradiction between them must show as a value the rules can name.
NEAR_COPY_RATIO = 85.0


# Whether a support must also outweigh p(contradicts) ("Bale drops out of the biopic" read as support of "Bale will
# star": 0.35 over the cut, under p(contradicts) 0.66). Off: on the multi-outlet dev split it cost more supports
# recall than it bought precision (selection rule, benchmarks/stance/multi_outlet/RESULTS.md).
SUPPORTS_NEEDS_MAJORITY = False

# Why a pair the model would call support is shown as related: the passage denies the claim in its own words.
DENIAL_VETOES_SUPPORT = "supports, but the passage denies the claim"


def combine_readings(forward: Mapping[str, float], backward: Mapping[str, float]) -> dict[str, float]:
    """One set of scores from the model's two readings of a pair.

    `forward` reads the passage as premise and the claim as hypothesis (does the report entail the claim?),
    `backward` the other way (does the claim entail the report?). A report that states part of the claim's fact ("a
    crater 12m wide was found" for "residents heard a bang ... which left a crater 12m wide") is entailed by the
    claim without entailing it: NLI calls that neutral, a fact-checker calls it confirmation of the fact it states.
    So `supports` is the larger of the two readings. A clash is symmetric, so `contradicts` is their mean, which is
    steadier than either alone. `related` is what is left (at least 0): the three are scores, not a distribution.
    """
    p_supports = max(forward[SUPPORTS], backward[SUPPORTS])
    p_contradicts = (forward[CONTRADICTS] + backward[CONTRADICTS]) / 2
    return {SUPPORTS: p_supports, CONTRADICTS: p_contradicts, RELATED: max(0.0, 1.0 - p_supports - p_contradicts)}


@dataclass(frozen=True, slots=True)
class RelationDecision:
    relation: Relation | None
    update: bool = False
    earlier_report: bool = False
    vetoed: str = ""  # why the model's own call was overruled, for benchmarks and the logs


def near_copy(text_a: str, text_b: str) -> bool:
    """Whether two texts are one sentence copied or lightly reworded."""
    return fuzz.token_sort_ratio(text_a, text_b, processor=default_process) >= NEAR_COPY_RATIO


def decide_relation(
    probabilities: Mapping[str, float],
    *,
    differences: Sequence[Difference],
    timing: TimeRelation | None,
    copied: bool,
    topical: bool,
    thresholds: StanceThresholds,
    unit_swap: bool = False,
    refutation: Difference | None = None,
    rule_backed_contradicts: float | None = None,
    model_only_contradicts: float = 0.0,
    model_only_clash_allowed: bool = True,
    passage_denies: bool = False,
) -> RelationDecision:
    """The relation shown to a reviewer for one model-read pair (see the module docstring for the rules)."""
    p_supports = probabilities.get(SUPPORTS, 0.0)
    p_contradicts = probabilities.get(CONTRADICTS, 0.0)
    named = bool(differences)
    # A denial in the passage's own words backs a clash as a named value does, but is no value that differs.
    backed = named or refutation is not None
    if rule_backed_contradicts is None:
        rule_backed_contradicts = RULE_BACKED_CONTRADICTS
    contradicts_cut = min(thresholds.contradicts, rule_backed_contradicts) if backed else thresholds.contradicts
    if named and timing is not None:
        # What differs is explained by time: the count moved on, or the reports describe different times.
        return RelationDecision(
            Relation.RELATED, update=timing == TimeRelation.UPDATE, earlier_report=timing == TimeRelation.DIFFERENT_TIME
        )
    if copied and unit_swap:
        # A copy that keeps a figure and changes its unit ("woke up 48 minutes later" / "48 hours later") misquotes
        # the fact: no running count moves on like that, and the model reads two near-identical sentences as one.
        vetoed = "" if p_contradicts >= contradicts_cut else "a near-copy changes a unit"
        return RelationDecision(Relation.CONTRADICTS, vetoed=vetoed)
    if copied and not named:
        # The same sentence copied or reworded, with nothing the rules can name as changed: it restates the claim,
        # whatever the model makes of a long sentence full of figures ("killed" / "died", "swept" / "washed").
        vetoed = "" if p_supports >= max(p_contradicts, thresholds.supports) else "a near-copy restates the claim"
        return RelationDecision(Relation.SUPPORTS, vetoed=vetoed)
    vetoed = ""
    if not backed:
        # A clash the rules cannot name rests on the model alone: it needs the model's own cut, set for 85 %
        # contradiction precision on NLI dev, not only the lower news cut ("urged residents to stay away from their
        # homes" / "told residents not to go back to evacuated homes": 0.74, a paraphrase with a "not" in it).
        contradicts_cut = max(contradicts_cut, model_only_contradicts)
    if p_contradicts >= contradicts_cut and p_contradicts >= p_supports:
        if backed or model_only_clash_allowed:
            return RelationDecision(Relation.CONTRADICTS)
        # The claim denies or debunks and the passage denies too or keeps its distance: the model reads a clash
        # between "X is a hoax" and "a video purporting to show X" that a reviewer would not (see
        # engine.matching.facts.refutation.keeps_distance); the pair is judged as if no clash had been read.
        vetoed = "a denial against a report that denies too or keeps its distance"
    if p_supports >= thresholds.supports and (p_supports >= p_contradicts or not SUPPORTS_NEEDS_MAJORITY):
        if named:
            # A passage whose figure or date differs does not confirm the claim, however alike the wording.
            return RelationDecision(Relation.RELATED, vetoed="supports, but a value differs")
        if passage_denies:
            # "DHS flatly denied ... a claim from a California Congressman": the model's clash stayed under its cut,
            # but a reviewer shown a denial as a confirmation is misled; it is context, with the denial named.
            return RelationDecision(Relation.RELATED, vetoed=DENIAL_VETOES_SUPPORT)
        return RelationDecision(Relation.SUPPORTS, vetoed=vetoed)
    return RelationDecision(Relation.RELATED if topical else None, vetoed=vetoed)
