"""A JSON array read item by item from a binary file: one item and a chunk of text in memory at
a time, whatever the file's size (a crawler's export of millions of records)."""
from __future__ import annotations

import codecs
import json
from typing import BinaryIO, Iterator


class ArrayError(ValueError):
    """The file stops being a JSON array here; ``started``: whether the array's ``[`` was read."""

    def __init__(self, reason: str, started: bool = True):
        super().__init__(reason)
        self.started = started


def iter_array(fh: BinaryIO, chunk: int = 1 << 20, max_item: int = 200 * 1024 * 1024) -> Iterator[object]:
    """Each item of the UTF-8 JSON array in ``fh``, in order; raises :class:`ArrayError` (one line)
    where the file is not valid: bad JSON, not UTF-8, an item over ``max_item`` characters or
    nested too deeply."""
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    buf, pos, eof = "", 0, False

    def fill() -> None:
        nonlocal buf, pos, eof
        raw = fh.read(max(chunk, len(buf) - pos))
        text = utf8.decode(raw, final=not raw)
        buf, pos = buf[pos:] + text, 0
        eof = not raw

    def skip_space() -> None:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n\ufeff":
                pos += 1
            if pos < len(buf) or eof:
                return
            fill()

    try:
        skip_space()
        if buf[pos:pos + 1] != "[":
            raise ArrayError("invalid JSON (not an array)", started=False)
        pos += 1
        skip_space()
        if buf[pos:pos + 1] == "]":
            return
        while True:
            while True:
                try:
                    item, end = decoder.raw_decode(buf, pos)
                    if end < len(buf) or eof:        # (a number at the buffer's end may go on)
                        break
                except json.JSONDecodeError as e:
                    if eof:
                        raise ArrayError(f"invalid JSON ({e.msg})") from None
                if len(buf) - pos > max_item:
                    raise ArrayError(f"item too large (over {max_item:,} characters)")
                fill()
            pos = end
            yield item
            del item
            skip_space()
            c = buf[pos:pos + 1]
            pos += 1
            if c == "]":
                return
            if c != ",":
                raise ArrayError("invalid JSON (expected , or ] after an item)")
            skip_space()
    except UnicodeDecodeError:
        raise ArrayError("not UTF-8") from None
    except RecursionError:
        raise ArrayError("invalid JSON (nested too deeply)") from None
    except ArrayError:
        raise
    except ValueError as e:                      # a number of thousands of digits
        raise ArrayError(f"invalid JSON ({str(e).strip().splitlines()[0][:120] if str(e).strip() else 'ValueError'})") from None
