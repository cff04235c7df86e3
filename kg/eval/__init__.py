"""Evaluation: a graph scored against gold annotations (precision, recall, F1 by kind)."""
from .scoring import build_and_score, evaluate, load_gold, read_graph  # noqa: F401
