"""Decoding and character normalisation that keeps offsets back to the user's text.

Offsets are kept as *runs*: `(out_start, src_start, length)` triples, one per stretch of output
that is a contiguous copy of the source. Replacing a character by one of equal length (NBSP by a
space) keeps a run; dropping one (a zero-width space, the CR of CRLF) starts a new run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..model import IngestError

Run = tuple[int, int, int]
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # inputs larger than this are refused (--max-bytes)

# Characters replaced one-for-one by a plain space.
_SPACE_LIKE = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"
# Characters dropped (zero-width, soft hyphen, BOM, C0 controls other than \n, DEL).
_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + "".join(
    chr(c) for c in list(range(0, 9)) + list(range(14, 32)) + [127]
)
_SPECIAL = re.compile("[" + re.escape(_SPACE_LIKE + _DROP) + "\r\u2028\u2029\u0085]")



def decode(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode an input file's bytes to text, refusing what is not text.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted. Binary data (NUL bytes or
    mostly control characters), undecodable bytes and inputs over `max_bytes` raise
    `IngestError` with the reason.

    >>> decode("Caf\\u00e9".encode())
    'Café'
    """
    if len(data) > max_bytes:
        raise IngestError(f"too large: {len(data):,} bytes (limit {max_bytes:,}; raise --max-bytes)")
    if not data.strip():
        raise IngestError("empty input: no text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"))
        except UnicodeDecodeError as e:
            raise IngestError(f"invalid UTF-16 text: {e.reason} at byte {e.start}") from e
    sniff_binary(data[:8192])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = data[e.start : e.start + 1].hex()
        raise IngestError(
            f"not UTF-8: byte 0x{bad} at offset {e.start} ({e.reason}); convert it to UTF-8 first"
        ) from e
    return _check_text(text)


def sniff_binary(head: bytes) -> None:
    """Raise IngestError when the first bytes of an input are binary (NUL or control bytes).

    >>> sniff_binary(b"plain text")
    """
    if b"\x00" in head:
        raise IngestError("binary data (NUL bytes), not text")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    if controls > len(head) * 0.1:
        raise IngestError("binary data (mostly control bytes), not text")


def _check_text(text: str) -> str:
    """Refuse decoded text that is mostly control or unassigned characters."""
    sample = text[:8192]
    bad = sum(1 for c in sample if c not in "\n\r\t" and unicodedata.category(c) in {"Cc", "Cs", "Co", "Cn"})
    if sample and bad > len(sample) * 0.1:
        raise IngestError("binary data (mostly control characters), not text")
    return text


def normalise(raw: str) -> tuple[str, list[Run]]:
    """Normalise whitespace and invisible characters; return the text and its runs.

    Quote characters are left as given (straight and curly forms are both recognised later).

    >>> normalise("a\\u00a0b\\r\\nc\\u200bd")
    ('a b\\ncd', [(0, 0, 3), (3, 4, 2), (5, 7, 1)])
    """
    out: list[str] = []
    runs: list[Run] = []
    o = 0  # output length so far
    pos = 0  # source position copied up to
    run_start_src = 0
    run_start_out = 0

    def close_run() -> None:
        if o > run_start_out:
            runs.append((run_start_out, run_start_src, o - run_start_out))

    for m in _SPECIAL.finditer(raw):
        i = m.start()
        ch = raw[i]
        if i > pos:
            out.append(raw[pos:i])
            o += i - pos
        if ch in _SPACE_LIKE:
            out.append(" ")
            o += 1
        elif ch in "\u2028\u2029\u0085" or ch == "\r" and raw[i + 1 : i + 2] != "\n":
            out.append("\n")
            o += 1
        else:  # dropped character (incl. the CR of CRLF)
            close_run()
            run_start_out = o
            run_start_src = i + 1
        pos = i + 1
    if pos < len(raw):
        out.append(raw[pos:])
        o += len(raw) - pos
    close_run()
    return "".join(out), runs


def compose(outer: Iterable[Run], inner: list[Run]) -> list[Run]:
    """Compose runs: `outer` maps C -> N, `inner` maps N -> R; the result maps C -> R.

    >>> compose([(0, 2, 3)], [(0, 0, 4), (4, 5, 10)])
    [(0, 2, 2), (2, 5, 1)]
    """
    result: list[Run] = []
    j = 0
    for c0, n0, length in outer:
        n, c, remaining = n0, c0, length
        while j > 0 and inner[j][0] > n:
            j -= 1
        while remaining > 0:
            while j < len(inner) - 1 and inner[j][0] + inner[j][2] <= n:
                j += 1
            i0, r0, ilen = inner[j]
            take = min(remaining, i0 + ilen - n) if i0 <= n else remaining
            if take <= 0:
                take = remaining
            src = r0 + (n - i0)
            if result and result[-1][0] + result[-1][2] == c and result[-1][1] + result[-1][2] == src:
                pc, ps, pl = result[-1]
                result[-1] = (pc, ps, pl + take)
            else:
                result.append((c, src, take))
            n += take
            c += take
            remaining -= take
    return result


def runs_to_offset_map(runs: list[Run]) -> list[tuple[int, int]]:
    """Article.offset_map from runs; empty when the text is an exact copy of its source.

    >>> runs_to_offset_map([(0, 0, 5)])
    []
    """
    if len(runs) <= 1 and (not runs or runs[0][:2] == (0, 0)):
        return []
    return [(c, s) for c, s, _ in runs]
