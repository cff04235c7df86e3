"""kg: evidence-backed knowledge graphs of Chinese investment-promotion news.

    from kg import build
    result = build(["seeds/"], out="out")
"""
from .pipeline import BuildResult, build  # noqa: F401

__version__ = "0.1.0"
