"""Probe: does reading a claim clause by clause find same-fact reports the whole-claim readings miss? (dev only)

    python benchmarks/stance/probe_clauses.py /work/shared/data/benchmarks [dev|train]

Each claim is cut into clauses by spaCy's parse (the main clause; verbal conj / advcl / relcl / ccomp subtrees of
their own; "X said that Y" gives Y), each clause of four words or more read as a hypothesis against the passage. How
well each score separates the split's same-fact pairs from the rest: ROC AUC and average precision of the shipped
decision's score (the larger p(supports) of the two whole-claim readings), of the best clause, and of the larger.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE / "multi_outlet")]
import numpy as np  # noqa: E402
from dataset import load_pairs  # noqa: E402
from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: E402

from engine.models.spacy_pipeline import load_spacy  # noqa: E402
from engine.stance.model import STANCE_LABELS, load_stance_model  # noqa: E402

SPLIT = sys.argv[2] if len(sys.argv) > 2 else "dev"
if SPLIT not in ("dev", "train"):
    raise SystemExit("a probe reads dev or train, never test")
pairs = load_pairs(Path(sys.argv[1]), SPLIT)
nlp = load_spacy()
model = load_stance_model()
REPORTING = {"say", "tell", "report", "announce", "confirm", "claim", "add", "state", "note", "believe", "write"}


def clauses(text: str) -> list[str]:
    doc = nlp(text)
    out = set()
    for sent in doc.sents:
        root = sent.root
        heads = [root]
        # attribution: "X said (that) Y" -> Y
        if root.lemma_ in REPORTING:
            heads = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")] or [root]
        for h in list(heads):
            for t in h.subtree:
                if t.dep_ in ("conj", "advcl", "relcl", "ccomp") and t.pos_ in ("VERB", "AUX") and t is not h:
                    heads.append(t)
        for h in heads:
            cut = {t.i for hh in heads if hh is not h and hh.i in {x.i for x in h.subtree} for t in hh.subtree}
            toks = [t for t in h.subtree if t.i not in cut and t.dep_ not in ("cc", "mark")]
            s = " ".join(t.text for t in toks).strip(" ,;")
            if len(s.split()) >= 4:
                out.add(s)
    out.discard(text)
    return sorted(out)


rows = []
for p in pairs:
    base = model.probabilities([(p["passage"], p["claim"]), (p["claim"], p["passage"])])
    cl = clauses(p["claim"])
    if cl:
        pc = model.probabilities([(p["passage"], c) for c in cl])
        best = pc[:, STANCE_LABELS.index("supports")].max()
    else:
        best = 0.0
    supports = STANCE_LABELS.index("supports")
    rows.append((p["label"], float(base[:, supports].max()), float(best), cl))
y = np.array([r[0] == "supports" for r in rows])
b = np.array([r[1] for r in rows])
c = np.array([r[2] for r in rows])
m = np.maximum(b, c)
for name, s in [("both readings", b), ("clauses", c), ("max", m)]:
    print(f"{name}: ROC AUC {roc_auc_score(y, s):.3f}, average precision {average_precision_score(y, s):.3f}")
print(json.dumps({"pairs": len(rows), "with_clauses": sum(bool(r[3]) for r in rows)}))
