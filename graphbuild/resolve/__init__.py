"""Links no single article can make, derived from the stored graph after each build or refresh:
entities across articles (`SAME_AS`, `POSSIBLY_SAME`), the same statement in several articles
(`REPEATS`), articles that republish another (`REPUBLISHES`), and statements by a title their
article does not resolve, attributed to the role's holder (`ATTRIBUTED_TO`). Each is a pure function of
what the store holds, so the same corpus gives the same links (docs/RESOLUTION.md).
"""

from .articles import republications
from .entities import DOMINANCE, MIN_ARTICLES, entity_infos, resolve
from .quotes import claims
from .roles import role_speakers

__all__ = ["DOMINANCE", "MIN_ARTICLES", "claims", "entity_infos", "republications", "resolve", "role_speakers"]
