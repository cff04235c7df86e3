"""Evaluation: a graph scored against gold annotations (precision, recall, F1 by kind); the learned
decisions trained from gold and measured on held-out documents."""
from .scoring import build_and_score, evaluate, load_gold, read_graph  # noqa: F401
from .training import cross_validate, train  # noqa: F401
