"""Stage 4, views: an RDF graph -> the facts a person reads: rankings and analysis, the map
(``map.html``, with ``static/``), the reports (``report.md``, ``report.html``), explanations.
"""
from .facts import Facts, load_facts  # noqa: F401
from .render import render_map  # noqa: F401
from .report import render_outputs, stats_table  # noqa: F401
