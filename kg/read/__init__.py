"""Stage 1, read: files -> ``Source`` -> ``Document`` -> ``Sentence``\\ s.

Files (.txt, .html, .jsonl, .json, folders) are decoded whatever their encoding, encoding debris
is repaired, the text normalised (simplified script, offsets into the original kept), its
metadata found and the text split into sentences.
"""
from .files import ReadError, Skipped, iter_files, read_file, read_paths  # noqa: F401
from .sentences import split_sentences  # noqa: F401
from .document import normalise  # noqa: F401
