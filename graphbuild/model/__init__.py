"""Plain data shared by every stage: records, graph rows, the vocabulary, ids, reports, query
answers and errors. Imports nothing from the rest of graphbuild.

>>> from graphbuild.model import Article, entity_key
>>> entity_key("Country", "Russia")
'Country:russia'
"""

from .defaults import DEFAULT_MODEL
from .errors import (
    ConfigError,
    ExtractionError,
    GraphbuildError,
    IngestError,
    ModelNotFoundError,
    QueryError,
    StoreError,
    StoreLocked,
    StoreUnavailable,
)
from .ids import (
    article_id,
    content_hash,
    entity_key,
    normal_name,
    outlet_key,
    statement_id,
    text_sketch,
    words,
)
from .links import (
    ATTRIBUTED_TO,
    ENTITY_LINKS,
    LINK_TYPES,
    POSSIBLY_SAME,
    REPEATS,
    REPUBLISHES,
    SAME_AS,
    ArticleInfo,
    EntityInfo,
    RoleFact,
    RoleSpeaker,
    StatementInfo,
)
from .records import (
    Article,
    Entity,
    EntityRef,
    Extraction,
    Mention,
    Record,
    Relation,
    Span,
    Statement,
)
from .report import ArticleChange, Changes, Failure, RunReport, ShardReport, StatementChange
from .results import (
    AmbiguousName,
    ArticleBrief,
    ArticleRef,
    Claim,
    ClaimQuery,
    CoMention,
    Holder,
    Occurrence,
    Profile,
    QuoteQuery,
    QuoteResult,
    Quotes,
    Republication,
    Role,
    SpeakerCount,
    Stats,
)
from .rows import EdgeRow, GraphRows, NodeRow, PropValue, check_batch
from .version import __version__
from .vocab import (
    EDGE_TYPES,
    ENTITY_LABELS,
    FRAMINGS,
    NODE_LABELS,
    OWN_LABELS,
    SET_PROPS,
    STATEMENT_KINDS,
    EntityLabel,
    Framing,
    MentionKind,
    RelationType,
    StatementKind,
    TimePrecision,
    entity_label,
)

__all__ = [
    "DEFAULT_MODEL",
    "FRAMINGS", "Framing", "TimePrecision", "ENTITY_LINKS", "REPEATS", "REPUBLISHES", "ArticleInfo", "StatementInfo", "text_sketch", "words",
    "AmbiguousName", "ArticleBrief", "Claim", "ClaimQuery", "Occurrence", "Republication",
    "LINK_TYPES", "ATTRIBUTED_TO", "RoleFact", "RoleSpeaker",
    "POSSIBLY_SAME",
    "SAME_AS",
    "EntityInfo",
    "EDGE_TYPES", "ENTITY_LABELS", "NODE_LABELS", "OWN_LABELS", "SET_PROPS", "STATEMENT_KINDS", "Article", "ArticleChange",
    "ArticleRef", "Changes", "CoMention", "ConfigError", "EdgeRow", "Entity", "EntityLabel", "EntityRef", "Extraction",
    "ExtractionError", "Failure", "GraphRows", "GraphbuildError", "Holder", "IngestError", "Mention", "MentionKind",
    "ModelNotFoundError", "NodeRow", "Profile", "PropValue", "QueryError", "QuoteQuery", "QuoteResult", "Quotes",
    "Record", "Relation", "RelationType", "Role", "RunReport", "ShardReport", "Span", "SpeakerCount", "Statement", "StatementChange",
    "StatementKind", "Stats", "StoreError", "StoreLocked", "StoreUnavailable", "__version__", "article_id",
    "check_batch", "content_hash", "entity_key", "entity_label", "normal_name", "outlet_key", "statement_id",
]
