"""Real-article throughput: CPU time of jieba.lcut against kg.pipeline.process on the same articles.

    .venv/bin/python -m bench.real ../shared/seeds ../shared/eval/corpus/dev

jieba.lcut: best of 5 passes; kg: one pass (a second would find its per-run HMM cache warm).
Start-up (jieba, the gazetteers) is paid before the clock, on the first article.
"""
from __future__ import annotations

import sys
import time

import jieba

from kg import pipeline, read
from kg.pipeline import record
from kg.model import Source


def main(paths: list[str]) -> None:
    sources = [s for s in read.read_paths(paths) if isinstance(s, Source)]
    if not sources:
        raise SystemExit("no articles")
    chars = sum(len(s.original) for s in sources)
    record.own_process()                    # as the kg command does
    pipeline.process(sources[0])            # warm-up: start-up is not throughput
    jieba.lcut(sources[0].original)
    lcut = []
    for _ in range(5):
        t0 = time.process_time()
        for s in sources:
            jieba.lcut(s.original)
        lcut.append(time.process_time() - t0)
    t0 = time.process_time()
    for s in sources:
        pipeline.process(s)
    kg_s = time.process_time() - t0
    lcut_s = min(lcut)
    print(f"{len(sources)} articles, {chars:,} chars: jieba.lcut {lcut_s:.3f} CPU-s ({chars / lcut_s:,.0f} chars/s, "
          f"best of 5); kg {kg_s:.3f} CPU-s ({chars / kg_s:,.0f} chars/s, one pass); kg ÷ lcut {lcut_s / kg_s:.3f}")
    print(breakdown(sources))


def breakdown(sources: list[Source]) -> str:
    """Where extraction's time goes, in units of jieba.lcut on the same sentences: kg's tokenizer
    (posseg with the domain's words) against everything else."""
    from kg.read.document import normalise
    from kg.read.sentences import split_sentences
    from kg.extract.tokens import tokenize
    sentences = [s.text for src in sources for s in split_sentences(normalise(src))]
    t0 = time.process_time()
    for x in sentences:
        jieba.lcut(x)
    lcut_s = time.process_time() - t0
    t0 = time.process_time()
    for x in sentences:
        tokenize(x)
    tok_s = time.process_time() - t0
    t0 = time.process_time()
    for s in sources:
        pipeline.process(s)
    all_s = time.process_time() - t0
    return (f"per sentence, in units of jieba.lcut: kg's tokenizer {tok_s / lcut_s:.1f}, the whole of extraction and "
            f"its record {all_s / lcut_s:.1f} (so {all_s / lcut_s - tok_s / lcut_s:.1f} after tokenising)")


if __name__ == "__main__":
    main(sys.argv[1:])
