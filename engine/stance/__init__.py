"""Stance of a passage towards a claim (supports / contradicts / related): plain Python, no Django."""

from engine.stance.model import STANCE_LABELS, StanceDecision, StanceModel, load_stance_model

__all__ = ["STANCE_LABELS", "StanceDecision", "StanceModel", "load_stance_model"]
