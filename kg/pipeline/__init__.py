"""Stage 5, the pipeline: the whole road over many articles. ``build()`` streams articles to an
executor (this process, ``--jobs N`` processes or Dask), gets one record per article back (cached
under ``OUT/.kg-cache``), merges them on disk into ``graph.ttl`` and ``graph.trig`` and renders
the map and the reports; ``remove_documents`` takes articles out of a build.
"""
from .record import process  # noqa: F401
from .remove import remove_documents  # noqa: F401
from .run import BuildResult, build, extract_all  # noqa: F401
