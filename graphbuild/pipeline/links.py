"""The derived links, recomputed after each build or refresh from what the store holds: entity
links first (claims are matched per resolved speaker), then claims, then republications. Each
link type is replaced as a set, writing only the difference, so an unchanged corpus writes
nothing and a retracted article leaves no link behind.
"""

from __future__ import annotations

import logging

from ..curate import Curation
from ..extract.lexicon import Lexicon
from ..model import ATTRIBUTED_TO, ENTITY_LINKS, REPEATS, REPUBLISHES, SAME_AS, entity_key
from ..resolve import claims, republications, resolve, role_speakers
from ..store import GraphStore

log = logging.getLogger(__name__)


def update_links(store: GraphStore, curation: Curation | None = None, names: Lexicon | None = None) -> int:
    """Recompute every derived link of `store`; returns how many link edges were written or deleted.

    `names` gives the word lists entity resolution uses (common given names and words).

    >>> # update_links(open_store("graph.db"), load_curation("curation.toml"), default_lexicon())
    """
    apart = [(entity_key(key.split(":", 1)[0], surface), key) for key, surface in (curation.not_same_as if curation else [])]
    given = names.common_given_names if names else set()
    common = (names.common_words | set(names.first_names)) if names else set()
    entity_links = resolve(store.entity_infos(), keep_apart=apart, given_names=given, common_words=common)
    changed = store.replace_links(ENTITY_LINKS, entity_links)
    canonical = {e.src: e.dst for e in entity_links if e.type == SAME_AS}
    changed += store.replace_links([REPEATS], claims(store.statement_infos(), canonical))
    articles = store.article_infos()
    changed += store.replace_links([REPUBLISHES], republications(articles))
    speakers, facts = store.role_infos()
    changed += store.replace_links([ATTRIBUTED_TO], role_speakers(speakers, facts, {a.id: a.published for a in articles}, canonical))
    log.info("derived links updated: %d edges written or deleted", changed)
    return changed
