"""Candidate mentions: the shapes Chinese names take, one small rule each.

Each rule reads one sentence (its text and its jieba tokens) and yields
``Candidate``s with offsets into the sentence.  ``kg.extract.entities`` chooses among
overlapping candidates and resolves them to entities.

Rules, a module for each kind:
* ``suffix``     place/core + organisational suffix (…有限公司, …管委会, …项目), the
  name's left edge (``name_edges``) found by walking back over tokens until a word no
  name contains; whether its core is generic (``generic``);
* ``quoted``     “…” and 《…》 names, typed by their own suffix, the word after the
  quote, or the verb before it; aliases: (以下简称X) / (X) after a name is another name of it;
* ``persons``    title + name (市委书记惠新安), name + honorific (汤友志博士);
* ``places``     the gazetteer's divisions and countries; organisations known by name alone;
* ``industries`` the sector vocabulary, and the items of a list that names sectors;
* ``lists``      coordinated lists (A、B和C) of organisations, projects and programs; partners, signatories.
``base`` holds what they share: ``Candidate``, ``SentenceView``, ``view``.
"""
from .base import Candidate, SentenceView, view  # noqa: F401
from .industries import industry_candidates  # noqa: F401
from .lists import org_list_candidates, partner_candidates, program_list_candidates, project_list_candidates  # noqa: F401
from .persons import person_candidates  # noqa: F401
from .places import known_org_candidates, place_candidates  # noqa: F401
from .quoted import bracket_aliases, quote_candidates  # noqa: F401
from .suffix import OWNERS, joined_events, local_organ_candidates, suffix_candidates  # noqa: F401
