"""Network safety for fetching untrusted URLs: which addresses may be reached, connections pinned
to the address that was checked (no DNS rebinding), passwords kept out of messages, and bodies
read under a size cap (after decompression) and a deadline.

>>> redact("https://user:secret@example.org/feed.xml")
'https://user:***@example.org/feed.xml'
>>> is_public_address("169.254.169.254"), is_public_address("93.184.216.34")
(False, True)
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ..model import IngestError

ALLOWED_SCHEMES = frozenset({"http", "https"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CHUNK = 64 * 1024


def redact(url: str) -> str:
    """`url` with the password of its user info (`user:password@`) replaced by `***`.

    >>> redact("http://bob:pw@host:8080/a?b=1"), redact("http://host/a")
    ('http://bob:***@host:8080/a?b=1', 'http://host/a')
    """
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if "@" not in parts.netloc:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, sep, _ = userinfo.partition(":")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}{':***' if sep else ''}@{hostport}"))


def is_public_address(address: str) -> bool:
    """True when an IP address is globally routable unicast: not loopback, private (RFC 1918,
    fc00::/7), link-local (incl. 169.254.169.254), shared, unspecified, multicast or reserved.
    IPv4 addresses embedded in IPv6 (mapped, 6to4, Teredo, NAT64) are judged as IPv4.

    >>> [is_public_address(a) for a in ("127.0.0.1", "10.1.2.3", "::1", "::ffff:127.0.0.1", "fe80::1")]
    [False, False, False, False, False]
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # ::ffff:a.b.c.d is a.b.c.d
            return is_public_address(str(ip.ipv4_mapped))
        embedded = (ip.teredo[1] if ip.teredo else None) or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
        or ip.is_unspecified or not ip.is_global
    )


def check_scheme(url: str) -> urllib.parse.SplitResult:
    """The parts of `url`; IngestError unless it is an http(s) URL with a host.

    >>> check_scheme("https://example.org/a").hostname
    'example.org'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as e:
        raise IngestError(f"invalid URL {redact(url)}: {e}") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise IngestError(f"refused URL scheme {parts.scheme or '(none)'!r}: only http and https are fetched")
    if not parts.hostname:
        raise IngestError(f"invalid URL {redact(url)}: no host")
    return parts


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses of `host`, each checked: IngestError when one is not public (unless
    `allow_private`), so that a connection can only go to an address that was checked.

    >>> resolve("127.0.0.1", 80, allow_private=True)
    ['127.0.0.1']
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise ConnectionError(f"cannot resolve host {host!r}: {e}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked:
            raise IngestError(
                f"refused: host {host!r} resolves to a non-public address ({', '.join(blocked)}); "
                "private, loopback and link-local addresses are fetched only with allow_private"
            )
    if not addresses:
        raise ConnectionError(f"cannot resolve host {host!r}: no address")
    return addresses


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    last: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as e:
            last = e
    raise last or ConnectionError("no address to connect to")


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to `host` (Host header) made to one of the checked `addresses`.

    >>> PinnedHTTPConnection("example.org", 80, ["93.184.216.34"], timeout=5).host
    'example.org'
    """

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout)  # type: ignore[arg-type]


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to one of the checked `addresses`; the certificate is checked for `host`.

    >>> PinnedHTTPSConnection("example.org", 443, ["93.184.216.34"], timeout=5).tls.check_hostname
    True
    """

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self) -> None:
        sock = _connect(self.addresses, self.port, self.timeout)  # type: ignore[arg-type]
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


@contextmanager
def watchdog(conn: http.client.HTTPConnection, deadline: float) -> Iterator[threading.Event]:
    """Close `conn`'s socket when the monotonic `deadline` passes (a server trickling headers
    or a body one byte at a time cannot hold a fetch); the event says it fired.

    >>> with watchdog(PinnedHTTPConnection("example.org", 80, [], 1), time.monotonic() + 5) as fired:
    ...     pass
    >>> fired.is_set()
    False
    """
    fired = threading.Event()

    def cut() -> None:
        fired.set()
        sock = conn.sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(max(deadline - time.monotonic(), 0.0), cut)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


def _decompressor(encoding: str) -> zlib._Decompress | None:
    enc = encoding.strip().lower()
    if enc in {"", "identity"}:
        return None
    if enc in {"gzip", "x-gzip"}:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if enc == "deflate":
        return zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header, detected
    raise IngestError(f"unsupported Content-Encoding {encoding!r}")


def read_body(
    resp: http.client.HTTPResponse, sock: socket.socket | None, *, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body of `resp`, decompressed (gzip/deflate), streamed: IngestError as soon as it passes
    `max_bytes` (after decompression, so a gzip bomb stops at the cap) or the `deadline`.

    >>> # body = read_body(resp, conn.sock, max_bytes=20 << 20, deadline=time.monotonic() + 60, timeout=20)
    """
    length = resp.getheader("Content-Length")
    encoding = resp.getheader("Content-Encoding") or ""
    if length and length.strip().isdigit() and not encoding and int(length) > max_bytes:
        raise IngestError(f"too large: {int(length):,} bytes announced (limit {max_bytes:,})")
    inflate = _decompressor(encoding)
    out = bytearray()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out: the download took longer than its deadline")
        if sock is not None:
            sock.settimeout(min(timeout, remaining))  # each read: the read timeout, within the deadline
        chunk = resp.read1(_CHUNK) if not resp.isclosed() else b""
        if not chunk:
            break
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, max_bytes + 1 - len(out))
            except zlib.error as e:
                raise IngestError(f"bad {encoding} body: {e}") from None
        out += chunk
        if len(out) > max_bytes:
            raise IngestError(f"too large: more than {max_bytes:,} bytes" + (" after decompression" if inflate else ""))
    if inflate is not None:
        try:
            out += inflate.flush()
        except zlib.error as e:
            raise IngestError(f"bad {encoding} body: {e}") from None
        if len(out) > max_bytes:
            raise IngestError(f"too large: more than {max_bytes:,} bytes after decompression")
    return bytes(out)
