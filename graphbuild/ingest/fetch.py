"""Polite HTTP fetching: a clear User-Agent, a timeout, retries with exponential backoff on
timeouts, connection errors, 429 and 5xx (honouring Retry-After up to a cap), a minimum delay
between two requests to one host, and a size limit.

>>> is_url("https://example.org/feed.xml"), is_url("examples/a.txt")
(True, False)
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..model import IngestError, __version__
from .text import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

USER_AGENT = f"graphbuild/{__version__} (news knowledge-graph builder; +https://pypi.org/project/graphbuild/)"
_RETRY_STATUS = {429, 500, 502, 503, 504}


def is_url(source: str | Path) -> bool:
    """True for http(s) URLs."""
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


@dataclass
class Fetcher:
    """HTTP GET with timeout, retries with backoff, a per-host delay and a size limit.

    >>> Fetcher(timeout=5).user_agent.startswith("graphbuild/")
    True
    """

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT
    max_retry_after: float = 60.0
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.host_delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of `url`; raises IngestError with the reason after the retries."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._wait_for_host(host)
            req = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (http(s) only, checked)
                    body = resp.read(self.max_bytes + 1)
                    if len(body) > self.max_bytes:
                        raise IngestError(f"too large: more than {self.max_bytes:,} bytes")
                    return body, resp.headers.get("Content-Type", "")
            except urllib.error.HTTPError as e:
                if e.code not in _RETRY_STATUS:
                    raise IngestError(f"HTTP {e.code} {e.reason}") from None
                reason = f"HTTP {e.code} {e.reason}"
                retry_after = _retry_after(e.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
                r = getattr(e, "reason", e)
                reason = "timed out" if isinstance(r, TimeoutError) or "timed out" in str(r) else f"cannot connect: {r}"
            if attempt >= self.retries:
                raise IngestError(f"{reason} (after {attempt + 1} attempts)")
            pause = min(retry_after if retry_after is not None else self.backoff * 2**attempt, self.max_retry_after)
            log.info("fetch %s failed (%s); retry %d in %.1fs", url, reason, attempt + 1, pause)
            time.sleep(pause)
            attempt += 1


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None
