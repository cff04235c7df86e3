"""Stage 2, extract: a ``Document``'s sentences -> entities, relations and values (one ``Extraction``).

``extract(source)`` is a pure function of one article, so it runs in any process.
"""
from .article import extract  # noqa: F401
from .entities import find_entities  # noqa: F401
from .relations import find_relations  # noqa: F401
from .values import find_values  # noqa: F401
