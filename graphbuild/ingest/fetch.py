"""Polite, guarded HTTP fetching of untrusted URLs.

Polite: a clear User-Agent, retries with exponential backoff on timeouts, connection errors, 429
and 5xx (honouring Retry-After up to a cap), a minimum delay between two requests to one host.

Guarded (see `net`): http(s) only, at the first URL and at every redirect hop (followed here,
at most `max_redirects`; a loop is reported); hosts resolving to loopback, private, link-local,
multicast or reserved addresses are refused unless `allow_private=True` (intranet feeds), and
the connection goes to the address that was checked; each attempt has a read `timeout` and a
total `deadline`; bodies stop at `max_bytes` (after gzip/deflate decompression); passwords in
URLs (`user:password@`) never appear in errors or logs.

>>> is_url("https://example.org/feed.xml"), is_url("examples/a.txt")
(True, False)
"""

from __future__ import annotations

import base64
import http.client
import logging
import time
import urllib.parse
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..model import IngestError, __version__
from .net import (
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
    check_scheme,
    read_body,
    redact,
    resolve,
    watchdog,
)

log = logging.getLogger(__name__)

USER_AGENT = f"graphbuild/{__version__} (news knowledge-graph builder; +https://pypi.org/project/graphbuild/)"
DEFAULT_FETCH_MAX_BYTES = 20 * 1024 * 1024  # a fetched body (decompressed) larger than this is refused
DEFAULT_DEADLINE = 60.0  # seconds for one whole download (connect, redirects, headers, body)
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_RETRY_AFTER = 60.0  # a longer Retry-After fails the URL instead of waiting
_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~-._"


def is_url(source: str | Path) -> bool:
    """True for http(s) URLs.

    >>> is_url("file:///etc/passwd"), is_url("HTTPS://example.org")
    (False, True)
    """
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


@dataclass
class Fetcher:
    """HTTP GET with timeouts, retries with backoff, a per-host delay, a size cap and the guards
    of the module doc. `allow_private=True` lets it reach private and loopback hosts.

    >>> f = Fetcher(timeout=5)
    >>> f.user_agent.startswith("graphbuild/"), f.allow_private, f.max_bytes
    (True, False, 20971520)
    """

    timeout: float = 20.0  # seconds for a connection or one read
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    max_bytes: int = DEFAULT_FETCH_MAX_BYTES
    user_agent: str = USER_AGENT
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    deadline: float = DEFAULT_DEADLINE
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allow_private: bool = False
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.host_delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of `url`; raises IngestError with the reason (refused, too large,
        HTTP status, or the last error after the retries)."""
        shown = redact(url)
        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                return self._get_once(url)
            except _Retryable as e:
                reason, retry_after = e.reason, e.retry_after
            except TimeoutError as e:
                reason = str(e) if str(e).startswith("timed out") else "timed out"
            except (http.client.InvalidURL, ValueError) as e:  # e.g. a bad port; never retried
                raise IngestError(f"invalid URL {shown}: {str(e).replace(url, shown)}") from None
            except (OSError, http.client.HTTPException) as e:
                reason = f"cannot connect: {type(e).__name__}: {e}" if isinstance(e, http.client.HTTPException) else f"cannot connect: {e}"
            if retry_after is not None and retry_after > self.max_retry_after:
                raise IngestError(f"{reason}: the server asks to retry after {retry_after:,.0f}s, "
                                  f"more than the {self.max_retry_after:,.0f}s cap")
            if attempt >= self.retries:
                raise IngestError(f"{reason} (after {attempt + 1} attempts)")
            pause = min(retry_after if retry_after is not None else self.backoff * 2**attempt, self.max_retry_after)
            log.info("fetch %s failed (%s); retry %d in %.1fs", shown, reason, attempt + 1, pause)
            time.sleep(pause)
            attempt += 1

    def _get_once(self, url: str) -> tuple[bytes, str]:
        seen: set[str] = set()
        current = url
        deadline: float | None = None
        for _ in range(self.max_redirects + 1):
            parts = check_scheme(current)
            if current in seen:
                raise IngestError(f"redirect loop: back to {redact(current)}")
            seen.add(current)
            self._wait_for_host(f"{parts.hostname}:{parts.port}".lower())
            deadline = deadline or time.monotonic() + self.deadline
            status, headers, body = self._request(parts, deadline)
            if status not in _REDIRECT_STATUS:
                return body, headers.get("Content-Type", "")
            location = (headers.get("Location") or "").strip()
            if not location:
                raise IngestError(f"HTTP {status} redirect without a Location")
            current = urllib.parse.urljoin(current, location)
            log.debug("redirect %s -> %s", redact(url), redact(current))
        raise IngestError(f"too many redirects (more than {self.max_redirects})")

    def _request(self, parts: urllib.parse.SplitResult, deadline: float) -> tuple[int, Message, bytes]:
        try:
            host = (parts.hostname or "").encode("idna").decode("ascii")  # an IDN host: its ASCII form
        except UnicodeError:
            raise IngestError(f"invalid host name {parts.hostname!r}") from None
        https = parts.scheme.lower() == "https"
        port = parts.port or (443 if https else 80)
        addresses = resolve(host, port, allow_private=self.allow_private)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out: the download took longer than its deadline")
        cls = PinnedHTTPSConnection if https else PinnedHTTPConnection
        conn = cls(host, port, addresses, timeout=min(self.timeout, remaining))
        headers = {"User-Agent": self.user_agent, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username) + ":" + urllib.parse.unquote(parts.password or "")
            headers["Authorization"] = "Basic " + base64.b64encode(user.encode()).decode("ascii")
        # Spaces, controls (no header injection) and non-ASCII are %-encoded; what is encoded stays.
        path = urllib.parse.quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_URL_SAFE)
        try:
            with watchdog(conn, deadline) as fired:
                try:
                    conn.request("GET", path, headers=headers)
                    resp = conn.getresponse()
                    status = resp.status
                    if status in _REDIRECT_STATUS:
                        return status, resp.headers, b""
                    if status in _RETRY_STATUS:
                        raise _Retryable(f"HTTP {status} {resp.reason}", _retry_after(resp.getheader("Retry-After")))
                    if not 200 <= status < 300:
                        raise IngestError(f"HTTP {status} {resp.reason}")
                    body = read_body(resp, conn.sock, max_bytes=self.max_bytes, deadline=deadline, timeout=self.timeout)
                    return status, resp.headers, body
                except (OSError, http.client.HTTPException):
                    if fired.is_set():
                        raise TimeoutError("timed out: the download took longer than its deadline") from None
                    raise
        finally:
            conn.close()


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks to wait (a number or an HTTP date), or None.

    >>> _retry_after("120"), _retry_after("soon")
    (120.0, None)
    """
    if not value:
        return None
    try:
        seconds = float(value)
        return None if seconds != seconds else max(seconds, 0.0)  # NaN: no usable value
    except ValueError:
        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError, OverflowError):
            return None
