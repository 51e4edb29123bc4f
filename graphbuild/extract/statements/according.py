""""according to X, …": X is the source of the rest of its sentence (or of the words before,
when the phrase comes late)."""

from __future__ import annotations

from ...model import StatementKind
from .context import Context, Speaker


def find_according(ctx: Context) -> None:
    """Statements introduced by "according to"."""
    doc = ctx.doc
    for t in doc[:-1]:
        if t.lower_ != "according" or doc[t.i + 1].lower_ != "to":
            continue
        to = doc[t.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        pa, pe = t.i, obj.right_edge.i + 1
        sent = t.sent
        before = list(doc[sent.start : pa])
        after = list(doc[pe : sent.end])
        lead_words = [x for x in before if not x.is_punct]
        span = ctx.trim(after if len(lead_words) <= 5 and len(after) > 3 else before)
        if span is None or ctx.overlaps(*span):
            continue
        res = ctx.resolver.resolve(obj, span=(to.i + 1, pe))
        if res is not None:
            sp = (doc[res.start].idx, doc[res.end - 1].idx + len(doc[res.end - 1]))
            speaker = Speaker(res, ctx.text[sp[0] : sp[1]], sp)
        else:
            raw = doc[to.i + 1 : pe]
            speaker = Speaker(None, raw.text, (raw.start_char, raw.end_char))
        kind: StatementKind = "mixed" if ctx.has_quote(*span) else "indirect"
        ctx.add(kind, None, "according to", (t.idx, to.idx + len(to)), [span], speaker, 0.8)
