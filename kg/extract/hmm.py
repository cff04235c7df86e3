"""jieba.posseg's part-of-speech HMM, exact and faster.

``jieba.posseg`` runs a Viterbi search over (B/M/E/S, part of speech) states on every run of
characters its dictionary does not know.  The original (``jieba/posseg/viterbi.py``) scores,
for every state ``y`` of a character, *every* state of the previous character, although only
states with a transition into ``y`` can score above minus infinity: (M, pos) and (E, pos) are
entered from (B, pos) and (M, pos) only, B and S states from E and S states.  Here each state
knows its predecessors and their transition scores, so the inner maximum runs over them
alone.  Everything that decides the answer is kept:

- the same floats, added in the same order: ``(V[t-1][y0] + trans) + emit``;
- the same ties: the maximum over ``(score, state)`` tuples, so on equal scores the larger
  state tuple wins, exactly as ``max`` over the original's tuples;
- the same fall-backs: a character none of whose states is reachable scores every state
  reachable from the previous one; where the original would fail (no previous state has a
  transition), the original itself runs.

A state that is no predecessor of ``y`` scores ``-inf`` in the original and can only win when
every candidate does, which cannot happen: scores are sums of finite numbers.  So the answer
is the original's, tuple for tuple; ``tests/test_hmm.py`` checks it against jieba.

``viterbi`` does this search with numpy, all pairs of states of a step at once (minus infinity
where there is no transition, states in descending order so that ``argmax`` breaks ties the
same way); ``viterbi_py`` does it in plain Python and takes over in the rare fall-back.

The search is a pure function of the characters (the model is jieba's, fixed), so its result
for a run is memoised (bounded): company and person names recur across articles.
"""
from __future__ import annotations

from functools import lru_cache
from math import log

import jieba.posseg as _posseg
import numpy as np
from jieba.posseg.viterbi import MIN_FLOAT
from jieba.posseg.viterbi import viterbi as _original_viterbi

# States as integers in the order of jieba's (BMES, tag) tuples, so that comparing two
# (score, state) pairs gives the same answer with either: ties go to the larger state.
_STATES = sorted(_posseg.trans_P)
_ID = {s: i for i, s in enumerate(_STATES)}
_ALL = tuple(range(len(_STATES)))
_START = [_posseg.start_P[s] for s in _STATES]
_EMIT = [_posseg.emit_P[s] for s in _STATES]
_NEXT = [tuple(_ID[y] for y in _posseg.trans_P[s]) for s in _STATES]   # successors
_PRED_LIST: list = [[] for _ in _STATES]          # y -> ((y0, trans_p[y0][y]), ...)
for _y0, _s in enumerate(_STATES):
    for _y, _p in _posseg.trans_P[_s].items():
        _PRED_LIST[_ID[_y]].append((_y0, _p))
_PRED_LIST = [tuple(p) for p in _PRED_LIST]
_PRED_DICT = [dict(p) for p in _PRED_LIST]        # y -> {y0: trans_p[y0][y]}
del _y0, _s, _y, _p

CACHE_SIZE = 50_000
_CHARS: dict = {}   # character -> ((state, emission, predecessors list, predecessors dict), ...)
_UNSEEN = tuple((y, MIN_FLOAT, _PRED_LIST[y], _PRED_DICT[y]) for y in _ALL)  # all states, no emission


def _char(ch: str) -> tuple:
    """What a character's step needs: its states with their emissions and predecessors (at
    most one entry per character jieba's model knows; all states, shared, for the others)."""
    st = _posseg.char_state_tab_P.get(ch)
    if st is None:
        out = tuple(entry if (e := _EMIT[entry[0]].get(ch, MIN_FLOAT)) == MIN_FLOAT
                    else (entry[0], e, entry[2], entry[3]) for entry in _UNSEEN)
        if out == _UNSEEN:
            out = _UNSEEN
    else:
        out = tuple((y, _EMIT[y].get(ch, MIN_FLOAT), _PRED_LIST[y], _PRED_DICT[y])
                    for y in sorted({_ID[s] for s in st}))
    _CHARS[ch] = out
    return out


def _step(prev: dict, states) -> tuple[dict, dict]:
    """Scores and back-pointers of ``states`` (state, emission, predecessors...) after ``prev``."""
    cur, back = {}, {}
    n = len(prev)
    for y, e, pred_list, pred_dict in states:
        if len(pred_list) <= n:
            cands = [(prev[y0] + tr + e, y0) for y0, tr in pred_list if y0 in prev]
        else:
            cands = [(v + tr + e, y0) for y0, v in prev.items() if (tr := pred_dict.get(y0)) is not None]
        if cands:
            cur[y], back[y] = max(cands)
    return cur, back


def viterbi_py(obs: str) -> list:
    """The route (one (BMES, tag) state per character) that ``jieba.posseg.viterbi.viterbi``
    finds with jieba's posseg model, scored over predecessors only; see the module docstring.
    ``viterbi`` does the same with numpy and falls back on this one."""
    chars = _CHARS
    first = obs[0]
    prev = {y: _START[y] + e for y, e, _, _ in (chars.get(first) or _char(first))}
    paths = [None]
    for t in range(1, len(obs)):
        ch = obs[t]
        cur, back = _step(prev, chars.get(ch) or _char(ch))
        if not cur:
            # No state of this character is reachable: like the original, score every state
            # reachable from the previous character's; where none is, the original fails.
            reachable = sorted({y for x in prev for y in _NEXT[x]})
            if not reachable:
                return _original_viterbi(obs, _posseg.char_state_tab_P, _posseg.start_P,
                                         _posseg.trans_P, _posseg.emit_P)[1]
            cur, back = _step(prev, tuple((y, _EMIT[y].get(ch, MIN_FLOAT), _PRED_LIST[y], _PRED_DICT[y])
                                          for y in reachable))
        prev = cur
        paths.append(back)
    _, state = max([(v, y) for y, v in prev.items()])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        route[i] = _STATES[state]
        state = paths[i][state]
    route[0] = _STATES[state]
    return route


# The same search with numpy, one character a step: the scores of all (previous state, state)
# pairs at once, ``(V + trans) + emit`` in float64 (the same rounding as Python's floats), with
# ``-inf`` for the pairs without a transition.  States are kept in *descending* order, so that
# ``argmax``, which takes the first of equal maxima, picks the largest previous state: the
# original's tie-break.
_NEG = float("-inf")
_TRANS_M = np.full((len(_STATES), len(_STATES)), _NEG)
for _y0, _s in enumerate(_STATES):
    for _y, _p in _posseg.trans_P[_s].items():
        _TRANS_M[_y0, _ID[_y]] = _p
del _y0, _s, _y, _p
_START_V = np.array(_START)
_DESCENDING = np.arange(len(_STATES))[::-1].copy()
_NP_CHARS: dict = {}   # character -> (its states, descending; their emissions)


def _np_char(ch: str) -> tuple:
    st = _posseg.char_state_tab_P.get(ch)
    ids = _DESCENDING if st is None else np.array(sorted({_ID[s] for s in st}, reverse=True))
    out = _NP_CHARS[ch] = (ids, np.array([_EMIT[y].get(ch, MIN_FLOAT) for y in ids.tolist()]))
    return out


def viterbi(obs: str) -> list:
    """The route of ``jieba.posseg.viterbi.viterbi`` over jieba's posseg model (see
    ``viterbi_py``), vectorised; a character none of whose states is reachable goes to ``viterbi_py``."""
    chars, trans = _NP_CHARS, _TRANS_M
    ids, emit = chars.get(obs[0]) or _np_char(obs[0])
    prev_ids, prev = ids, _START_V[ids] + emit
    backs = []
    for t in range(1, len(obs)):
        ids, emit = chars.get(obs[t]) or _np_char(obs[t])
        scores = prev[:, None] + trans[prev_ids][:, ids] + emit     # rows: previous states
        best_row = scores.argmax(axis=0)
        best = scores.max(axis=0)
        reached = best != _NEG
        if not reached.all():
            if not reached.any():
                return viterbi_py(obs)
            ids, best, best_row = ids[reached], best[reached], best_row[reached]
        backs.append((ids, prev_ids[best_row]))
        prev_ids, prev = ids, best
    state = int(prev_ids[prev.argmax()])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        route[i] = _STATES[state]
        ids, back = backs[i - 1]
        state = int(back[(ids == state).argmax()])
    route[0] = _STATES[state]
    return route


@lru_cache(maxsize=CACHE_SIZE)
def cut_han(sentence: str) -> tuple[tuple[str, str], ...]:
    """``POSTokenizer.__cut`` of a run of Han characters: its (word, flag) pairs."""
    pos_list = viterbi(sentence)
    out = []
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == 'B':
            begin = i
        elif pos == 'E':
            out.append((sentence[begin:i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == 'S':
            out.append((char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(sentence):
        out.append((sentence[nexti:], pos_list[nexti][1]))
    return tuple(out)


class POSTokenizer(_posseg.POSTokenizer):
    """jieba's POSTokenizer with the HMM above: the same pairs, tuple for tuple."""

    def _POSTokenizer__cut(self, sentence):   # replaces the private POSTokenizer.__cut
        pair = _posseg.pair
        for word, flag in cut_han(sentence):
            yield pair(word, flag)

    def word_flags(self, sentence: str) -> list[tuple[str, str]]:
        """``[(p.word, p.flag) for p in self.lcut(sentence)]`` (HMM on), without the generators,
        the DAG dict and the ``pair`` objects: the dictionary's route found in one backward pass.
        ``tests/test_hmm.py`` checks it against jieba's own POSTokenizer."""
        self.makesure_userdict_loaded()
        out: list[tuple[str, str]] = []
        for blk in _posseg.re_han_internal.split(sentence):
            if not blk:
                continue
            if _posseg.re_han_internal.match(blk):
                self._dag_pairs(blk, out)
            else:
                _other_pairs(blk, out)
        return out

    def _dag_pairs(self, sentence: str, out: list) -> None:
        """``__cut_DAG`` of one block of Han characters, letters and digits, appended to ``out``."""
        ends = _route(sentence, self.tokenizer.FREQ, self.tokenizer.total)
        tags, freq = self.word_tag_tab, self.tokenizer.FREQ
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    self._flush(buf, out, tags, freq)
                    buf = ""
                w = sentence[x:y]
                out.append((w, tags.get(w, "x")))
            x = y
        if buf:
            self._flush(buf, out, tags, freq)

    def _flush(self, buf: str, out: list, tags: dict, freq: dict) -> None:
        """A run of characters the route left single: the HMM's words unless the run is a word."""
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not freq.get(buf):
            _detail_pairs(buf, out)
        else:
            out.extend((c, tags.get(c, "x")) for c in buf)


def _route(sentence: str, freq: dict, total: float) -> list[int]:
    """For each start, the end (inclusive) of the word jieba's ``calc`` picks over ``get_DAG``:
    the same candidate words, the same floats ``(log(f) - log(total)) + score``, and the same
    ties (the larger end, as ``max`` over (score, end) tuples)."""
    n = len(sentence)
    logtotal, get = log(total), freq.get
    score = [0.0] * (n + 1)      # route[x][0]; route[n] = (0, 0)
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best, best_end = None, k
        i, frag = k, sentence[k]
        while i < n:
            f = get(frag)
            if f is None:                         # no longer a prefix of any word
                break
            if f:
                s = log(f) - logtotal + score[i + 1]
                if best is None or s >= best:     # ends ascend: on a tie the larger end wins
                    best, best_end = s, i
            i += 1
            frag = sentence[k:i + 1]
        if best is None:                          # no word starts here: the character alone
            best = log(freq.get(sentence[k]) or 1) - logtotal + score[k + 1]
        score[k], ends[k] = best, best_end
    return ends


def _other_pairs(blk: str, out: list) -> None:
    """``__cut_internal`` on a block of neither Han characters nor letters and digits."""
    P = _posseg
    for x in P.re_skip_internal.split(blk):
        if P.re_skip_internal.match(x):
            out.append((x, "x"))
        else:
            for xx in x:
                if P.re_num.match(xx):
                    out.append((xx, "m"))
                elif P.re_eng.match(x):
                    out.append((xx, "eng"))
                else:
                    out.append((xx, "x"))


def _detail_pairs(buf: str, out: list) -> None:
    """``POSTokenizer.__cut_detail``: Han runs by the HMM (``cut_han``, what ``__cut`` yields
    here), numbers and latin words whole."""
    P = _posseg
    for blk in P.re_han_detail.split(buf):
        if P.re_han_detail.match(blk):
            out.extend(cut_han(blk))
        else:
            for x in P.re_skip_detail.split(blk):
                if x:
                    out.append((x, "m" if P.re_num.match(x) else "eng" if P.re_eng.match(x) else "x"))
