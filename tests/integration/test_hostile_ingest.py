"""Hostile input on the ingest side (issue 14): SSRF and schemes, redirects, slow and endless
bodies, decompression bombs, Retry-After, passwords in URLs, local files reached from feeds or
symlinks, XML entities, deep JSON and HTML, odd file names.

Everything is served by http.server on 127.0.0.1 (or 127.0.0.2) in a thread: no network. The
default fetcher refuses loopback, so tests that fetch from the local server pass
`allow_private=True`. No spaCy model is needed.
"""

from __future__ import annotations

import gzip
import http.server
import json
import logging
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graphbuild.ingest import Fetcher, iter_articles, iter_files, iter_sources, load_file, net
from graphbuild.ingest.feeds import iter_feed
from graphbuild.model import Article, Failure, IngestError

SECRET = "TOP-SECRET-LOCAL-CONTENT"
BODY = " ".join(["The minister said on Monday that the new port deal with the neighbours was signed."] * 4)
PAGE = f"<html><head><title>Port Deal</title></head><body><article><h1>Port Deal</h1><p>{BODY}</p></article></body></html>".encode()

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def send(h: http.server.BaseHTTPRequestHandler, status: int = 200, body: bytes = PAGE, ctype: str = "text/html",
         **headers: str) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in headers.items():
        h.send_header(k.replace("_", "-"), v)
    h.end_headers()
    h.wfile.write(body)


class Server:
    """A local HTTP server; `routes[path](handler)` answers; `hits` lists (path, headers)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.hits.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                try:
                    if route is None:
                        send(self, 404, b"not found", "text/plain")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *a) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]


@pytest.fixture
def web() -> Iterator[Server]:
    s = Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def local(**kw) -> Fetcher:
    """A fetcher that may reach the test server on 127.0.0.1."""
    kw = {"host_delay": 0, "retries": 0, "backoff": 0.01, "allow_private": True, **kw}
    return Fetcher(**kw)


# -- 1. addresses and schemes ---------------------------------------------------------------------
BLOCKED_HOSTS = ["127.0.0.1", "localhost", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                 "100.64.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "2130706433", "0x7f.1",
                 "[::1]", "[::]", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[ff02::1]", "[::ffff:127.0.0.1]",
                 "[::ffff:169.254.169.254]", "[2002:7f00:1::]", "[64:ff9b::a00:1]"]


@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_default_fetcher_refuses_non_public_addresses(host: str) -> None:
    with pytest.raises(IngestError, match="refused: host .* non-public address"):
        Fetcher(host_delay=0, retries=0).get(f"http://{host}:9/latest/meta-data/")


def test_refusal_happens_before_connecting(web) -> None:
    web.routes["/p"] = send
    (f,) = list(iter_sources([f"{web.url}/p"]))  # no fetcher given: the default refuses
    assert isinstance(f, Failure) and "refused" in f.error and "127.0.0.1" in f.error
    assert web.hits == []
    (a,) = list(iter_sources([f"{web.url}/p"], allow_private=True))
    assert isinstance(a, Article) and a.title == "Port Deal"


def test_public_addresses_pass_the_check() -> None:
    assert all(net.is_public_address(a) for a in ("93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"))
    assert not any(net.is_public_address(a) for a in ("not-an-ip", "fe80::1%eth0", "198.18.0.1", "192.0.2.1"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "data:text/html,<p>x</p>",
                                 "gopher://example.org/", "FILE:///etc/passwd", "//example.org/x", "http:///nohost"])
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(IngestError, match="refused URL scheme|no host"):
        Fetcher(host_delay=0, retries=0, allow_private=True)._get_once(url)


@pytest.fixture
def only_127_0_0_1_is_public(monkeypatch):
    """127.0.0.1 plays a public host, 127.0.0.2 a private one (both are loopback on Linux)."""
    monkeypatch.setattr(net, "is_public_address", lambda a: a == "127.0.0.1")


def test_every_redirect_hop_is_checked(web, only_127_0_0_1_is_public) -> None:
    inner = Server("127.0.0.2")
    try:
        inner.routes["/admin"] = send
        web.routes["/to-private"] = lambda h: send(h, 302, b"", Location=f"{inner.url}/admin")
        web.routes["/to-file"] = lambda h: send(h, 301, b"", Location="file:///etc/passwd")
        web.routes["/to-meta"] = lambda h: send(h, 307, b"", Location="http://169.254.169.254/latest/meta-data/")
        f = Fetcher(host_delay=0, retries=0)  # the default: private addresses refused
        with pytest.raises(IngestError, match="refused: host '127.0.0.2'"):
            f.get(f"{web.url}/to-private")
        with pytest.raises(IngestError, match="refused URL scheme 'file'"):
            f.get(f"{web.url}/to-file")
        with pytest.raises(IngestError, match="169.254.169.254"):
            f.get(f"{web.url}/to-meta")
        assert inner.hits == []
    finally:
        inner.httpd.shutdown()


def test_redirects_loops_and_hop_limit(web) -> None:
    web.routes["/a"] = lambda h: send(h, 302, b"", Location="/b")
    web.routes["/b"] = lambda h: send(h, 301, b"", Location=f"{web.url}/a")
    for i in range(10):
        web.routes[f"/r{i}"] = lambda h, i=i: send(h, 308, b"", Location=f"/r{i + 1}")
    web.routes["/r10"] = send
    web.routes["/moved"] = lambda h: send(h, 303, b"", Location="/page")
    web.routes["/page"] = send
    with pytest.raises(IngestError, match="redirect loop"):
        local().get(f"{web.url}/a")
    with pytest.raises(IngestError, match=r"too many redirects \(more than 5\)"):
        local().get(f"{web.url}/r0")
    assert web.paths().count("/r6") == 0
    body, _ = local().get(f"{web.url}/moved")
    assert body == PAGE


def test_dns_is_resolved_once_and_the_checked_address_is_used(web, monkeypatch, only_127_0_0_1_is_public) -> None:
    """DNS rebinding: the name answers a public address when checked, a private one afterwards;
    the connection must go to the address that was checked."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def rebinding(host, port, *a, **kw):
        if host == "news.test":
            asked.append(host)
            host = "127.0.0.1" if len(asked) == 1 else "127.0.0.2"
        return real(host, port, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    web.routes["/p"] = send
    port = web.httpd.server_address[1]
    body, _ = Fetcher(host_delay=0, retries=0).get(f"http://news.test:{port}/p")
    assert body == PAGE and asked == ["news.test"]
    assert web.hits[-1][1]["Host"] == f"news.test:{port}"


# -- 2. local files never read through feeds or symlinks ------------------------------------------
def test_feed_items_linking_to_local_files_are_failures(web, tmp_path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(f"<html><body><article><p>{SECRET} {BODY}</p></article></body></html>", encoding="utf-8")
    links = [f"file://{secret}", str(secret), "file:///etc/passwd", "/etc/passwd", "../secret.html", f"{web.url}/ok"]
    items = "".join(f"<item><title>i{n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    web.routes["/feed"] = lambda h: send(h, body=f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'.encode(),
                                         ctype="application/rss+xml")
    web.routes["/ok"] = send
    out = list(iter_sources([f"{web.url}/feed"], fetcher=local()))
    assert [type(x).__name__ for x in out] == ["Failure"] * 5 + ["Article"]
    assert all("no http(s) link" in x.error for x in out[:5])
    assert SECRET not in repr(out) and "root:" not in repr(out)


def test_a_feed_body_naming_a_local_file_is_not_read(web, tmp_path) -> None:
    """feedparser.parse(bytes) opens the bytes as a file name when such a file exists."""
    local_feed = tmp_path / "private.rss"
    local_feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{SECRET}</title>'
                          f'<item><title>x</title><link>{web.url}/ok</link></item></channel></rss>', encoding="utf-8")
    web.routes["/feed"] = lambda h: send(h, body=str(local_feed).encode(), ctype="application/rss+xml")
    web.routes["/ok"] = send
    out = list(iter_sources([f"{web.url}/feed"], fetcher=local()))
    assert len(out) == 1 and isinstance(out[0], Failure) and "not a feed" in out[0].error
    assert "/ok" not in web.paths() and SECRET not in repr(out)
    on_disk = tmp_path / "pointer.rss"
    on_disk.write_text(str(local_feed), encoding="utf-8")
    (f,) = list(iter_sources([on_disk], fetcher=local()))
    assert isinstance(f, Failure) and "not a feed" in f.error


def test_symlinks_out_of_a_folder_are_failures_and_loops_do_not_hang(tmp_path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(f"Secret\n\n{SECRET} the minister said.", encoding="utf-8")
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "good.txt").write_text("Good\n\nThe minister said it was done.", encoding="utf-8")
    (news / "passwd.txt").symlink_to("/etc/passwd")
    (news / "out.txt").symlink_to(outside)
    (news / "chain.txt").symlink_to(news / "out.txt")
    (news / "alias.txt").symlink_to(news / "good.txt")  # inside the folder: read
    (news / "loop1.txt").symlink_to(news / "loop2.txt")
    (news / "loop2.txt").symlink_to(news / "loop1.txt")
    (news / "sub" / "up").symlink_to(news)  # a folder loop
    (news / "etc").symlink_to("/etc")  # a folder outside
    out = list(iter_articles([news]))
    by_name = {Path(x.source).name: x for x in out}
    assert isinstance(by_name["good.txt"], Article) and isinstance(by_name["alias.txt"], Article)
    for name in ("passwd.txt", "out.txt", "chain.txt"):
        assert isinstance(by_name[name], Failure) and "outside the input folder" in by_name[name].error
    assert isinstance(by_name["etc"], Failure) and "not followed" in by_name["etc"].error
    assert all(isinstance(by_name[n], Failure) for n in ("loop1.txt", "loop2.txt"))
    assert SECRET not in repr(out) and "root:" not in repr(out)
    assert sorted(p.name for p in iter_files([news])) == ["alias.txt", "good.txt", "loop1.txt", "loop2.txt"]


def test_a_fifo_or_device_is_not_read(tmp_path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out: list = []
    t = threading.Thread(target=lambda: out.extend(iter_articles([tmp_path, "/dev/zero"])), daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "reading a FIFO or /dev/zero blocked"
    assert [x.error for x in out] == ["not a regular file (a device, FIFO or socket): not read"] * 2


# -- 3. XML entities ------------------------------------------------------------------------------
def _lol(levels: int = 9) -> str:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels + 1)]
    return "\n".join(ents)


@pytest.mark.parametrize("doctype", [
    f"<!DOCTYPE rss [\n{_lol()}\n]>",
    f"<!DOCTYPE rss [{_lol()}]>",
    '<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://SECRETFILE">\n]>',
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://SECRETFILE">]>',
    '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://SECRETFILE"> %p;]>',
    '<!DOCTYPE rss SYSTEM "file://SECRETFILE">',
], ids=["laughs", "laughs-one-line", "xxe", "xxe-one-line", "parameter-entity", "external-dtd"])
def test_feed_entities_are_neither_expanded_nor_read(web, tmp_path, doctype: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    web.routes["/ok"] = send
    feed = (f'<?xml version="1.0"?>\n{doctype.replace("SECRETFILE", str(secret))}\n<rss version="2.0"><channel>'
            f"<title>Wire &lol9; &xxe;</title><item><title>T &lol9; &xxe;</title><description>&xxe; &lol9;</description>"
            f"<link>{web.url}/ok</link></item></channel></rss>")
    web.routes["/feed.xml"] = lambda h: send(h, body=feed.encode(), ctype="application/rss+xml")
    t = time.monotonic()
    out = list(iter_sources([f"{web.url}/feed.xml"], fetcher=local()))
    assert time.monotonic() - t < 5
    assert SECRET not in repr(out) and "lollollol" not in repr(out)
    assert isinstance(out[0], Article) and len(out[0].outlet or "") < 100


def test_html_entities_and_includes_are_not_read(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">{_lol(6)}]>'
            f'<html><body><article><h1>Deal &xxe;</h1><p>{BODY} &xxe; &lol6;</p>'
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" parse="text"/>'
            f'<iframe src="file://{secret}"></iframe></article></body></html>')
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (a,) = list(load_file(tmp_path / "p.html"))
    assert isinstance(a, Article) and SECRET not in a.text + a.title and "lollol" not in a.text


# -- 4. slow, endless, huge and compressed bodies; Retry-After ------------------------------------
def _trickle(h, *, headers_too: bool = False, seconds: float = 8.0) -> None:
    end = time.monotonic() + seconds
    if headers_too:
        for ch in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
            h.wfile.write(bytes([ch]))
            h.wfile.flush()
            time.sleep(0.05)
            if time.monotonic() > end:
                return
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    while time.monotonic() < end:
        h.wfile.write(b"ab")
        h.wfile.flush()
        time.sleep(0.5)


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_trickling_server_hits_the_deadline(web, headers_too: bool) -> None:
    web.routes["/slow"] = lambda h: _trickle(h, headers_too=headers_too)
    t = time.monotonic()
    with pytest.raises(IngestError, match="timed out"):
        local(timeout=2.0, deadline=1.5).get(f"{web.url}/slow")
    assert time.monotonic() - t < 3.5


def _endless(h) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>endless</p>" * 4096
    for _ in range(100_000):
        h.wfile.write(chunk)


def test_endless_body_and_huge_content_length_hit_the_size_cap(web) -> None:
    web.routes["/endless"] = _endless
    web.routes["/huge"] = lambda h: (h.send_response(200), h.send_header("Content-Length", str(10**12)), h.end_headers(),
                                     h.wfile.write(b"x" * 1000))
    with pytest.raises(IngestError, match=r"too large: more than 1,000,000 bytes"):
        local(max_bytes=1_000_000).get(f"{web.url}/endless")
    with pytest.raises(IngestError, match=r"too large: 1,000,000,000,000 bytes announced"):
        local(max_bytes=1_000_000).get(f"{web.url}/huge")


def test_gzip_bomb_is_capped_after_decompression(web) -> None:
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # 200 MB in about 200 KB
    assert len(bomb) < 1_000_000
    web.routes["/bomb"] = lambda h: send(h, body=bomb, Content_Encoding="gzip")
    web.routes["/gz"] = lambda h: send(h, body=gzip.compress(PAGE), Content_Encoding="gzip")
    web.routes["/br"] = lambda h: send(h, body=b"xx", Content_Encoding="br")
    with pytest.raises(IngestError, match="too large: more than 5,000,000 bytes after decompression"):
        local(max_bytes=5_000_000).get(f"{web.url}/bomb")
    assert local().get(f"{web.url}/gz")[0] == PAGE
    assert web.hits[-1][1]["Accept-Encoding"] == "gzip, deflate"
    with pytest.raises(IngestError, match="unsupported Content-Encoding"):
        local().get(f"{web.url}/br")


@pytest.mark.parametrize("value", ["999999", "Fri, 31 Dec 9999 23:59:59 GMT", "inf"])
def test_absurd_retry_after_fails_the_url_without_waiting(web, value: str) -> None:
    web.routes["/busy"] = lambda h: send(h, 429, b"slow down", "text/plain", Retry_After=value)
    t = time.monotonic()
    with pytest.raises(IngestError, match=r"HTTP 429 .*retry after .*more than the 60s cap"):
        local(retries=3).get(f"{web.url}/busy")
    assert time.monotonic() - t < 2 and web.paths() == ["/busy"]


def test_short_or_broken_retry_after_is_honoured_or_ignored(web) -> None:
    answers = iter([(429, "0.2"), (503, "nan"), (200, "")])

    def busy(h) -> None:
        status, ra = next(answers)
        send(h, status, PAGE if status == 200 else b"busy", Retry_After=ra)

    web.routes["/busy"] = busy
    assert local(retries=3).get(f"{web.url}/busy")[0] == PAGE


# -- 5. passwords in URLs -------------------------------------------------------------------------
def test_passwords_in_urls_never_reach_errors_sources_or_logs(web, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    port = web.httpd.server_address[1]
    web.routes["/p"] = send
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    urls = [f"http://bob:s3cr3t@127.0.0.1:{port}/missing", f"http://bob:s3cr3t@127.0.0.1:{dead}/down",
            "http://bob:s3cr3t@10.0.0.1/x", "http://bob:s3cr3t@host:notaport/x", f"ftp://bob:s3cr3t@127.0.0.1:{port}/"]
    out = list(iter_sources(urls, fetcher=local(retries=1)))
    out += list(iter_sources(urls[2:3]))
    assert len(out) == 6 and all(isinstance(x, Failure) for x in out)
    assert "s3cr3t" not in repr(out) + caplog.text
    assert out[0].source == f"http://bob:***@127.0.0.1:{port}/missing" and "404" in out[0].error
    (a,) = list(iter_sources([f"http://bob:s3cr3t@127.0.0.1:{port}/p"], fetcher=local()))
    assert isinstance(a, Article) and "s3cr3t" not in a.source + (a.url or "")
    assert web.hits[-1][1]["Authorization"] == "Basic Ym9iOnMzY3IzdA=="  # the credentials are still used


# -- 6. JSON --------------------------------------------------------------------------------------
def test_deeply_nested_json_is_a_clean_failure_and_the_run_goes_on(tmp_path) -> None:
    deep_list = "[" * 6000 + "]" * 6000
    deep_obj = '{"a":' * 3000 + "1" + "}" * 3000
    good = json.dumps({"text": "Deal\n\nThe minister said it was done."})
    (tmp_path / "a.jsonl").write_text(f"{good}\n{deep_list}\n{deep_obj}\n{good}\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(deep_obj, encoding="utf-8")
    (tmp_path / "c.json").write_text("42", encoding="utf-8")
    (tmp_path / "d.json").write_text('{"text": "x", "n": ' + "1" * 5000 + "}", encoding="utf-8")
    (tmp_path / "e.txt").write_text("Last\n\nThe minister said it was done.", encoding="utf-8")
    out = list(iter_articles([tmp_path]))
    got = [(Path(x.source).name, x.error if isinstance(x, Failure) else "ok") for x in out]
    assert got[:3] == [("a.jsonl#1", "ok"), ("a.jsonl#2", "invalid JSON on line 2: nested too deeply"),
                       ("a.jsonl#3", "invalid JSON on line 3: nested too deeply")]
    assert got[3][0] == "a.jsonl#4" and got[3][1] == "ok"
    assert got[4] == ("b.json", "invalid JSON: nested too deeply")
    assert got[5] == ("c.json", "the JSON file holds a number, expected an object or a list of objects")
    assert got[6][0] == "d.json" and "invalid JSON" in got[6][1] and "digits" in got[6][1]
    assert got[7] == ("e.txt", "ok")


def test_jsonl_is_streamed_and_bad_lines_are_reported(tmp_path) -> None:
    import tracemalloc

    from graphbuild.ingest.files import _jsonl_records

    p = tmp_path / "big.jsonl"
    with p.open("w", encoding="utf-8") as fh:
        for i in range(50_000):
            fh.write("{broken\n" if i % 1000 == 7 else json.dumps({"id": i, "text": f"Line {i} " + "word " * 30}) + "\n")
    size = p.stat().st_size
    tracemalloc.start()
    with p.open("rb") as fh:
        recs = list(x for x in _jsonl_records(p, fh) if isinstance(x[1], IngestError))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(recs) == 50 and recs[0][0].endswith("#8")
    assert peak < size / 4, (peak, size)  # not the whole file in memory
    small = tmp_path / "small.jsonl"
    small.write_bytes(b'\xef\xbb\xbf{"text": "Deal\\n\\nHe said so."}\r\n\xff\xfe not utf-8\n\n{"text": "More\\n\\nShe said so."}\n')
    out = list(load_file(small))
    assert [type(x).__name__ for x in out] == ["Article", "Failure", "Article"]
    assert out[1].error == "not UTF-8 on line 2: byte offset 0 in the line"


# -- 7. HTML --------------------------------------------------------------------------------------
def test_hundred_thousand_nested_elements_and_script_only_html(tmp_path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{BODY}</p>" + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
    script = tmp_path / "script.html"
    script.write_text("<html><head><script>" + "var a = 1;" * 10_000 + "</script></head><body><script>go()</script></body></html>", encoding="utf-8")
    t = time.monotonic()
    out = list(iter_articles([deep, script]))
    assert time.monotonic() - t < 10
    assert all(isinstance(x, Failure | Article) for x in out) and len(out) == 2
    assert isinstance(out[1], Failure) and "no article text" in out[1].error


# -- 8. file names --------------------------------------------------------------------------------
def test_odd_file_names_are_read_or_reported(tmp_path) -> None:
    names = ["a\nb.txt", "\u202eevil\u200f.txt", "tab\there.txt", "日本語.txt", "emoji 🗞.md"]
    for n in names:
        (tmp_path / n).write_text("Title\n\nThe minister said it was done.", encoding="utf-8")
    undecodable = os.fsencode(tmp_path) + b"/bad\xff.txt"
    fd = os.open(undecodable, os.O_WRONLY | os.O_CREAT)
    os.write(fd, b"Title\n\nThe minister said it was done.")
    os.close(fd)
    out = list(iter_articles([tmp_path]))
    assert len(out) == len(names) + 1 and all(isinstance(x, Article) for x in out)
    assert {Path(x.source).name for x in out} == {*names, "bad\\xff.txt"}  # bytes that are not UTF-8: \xNN
    assert all(x.model_dump_json() for x in out)  # every source can be written out as UTF-8
    (f,) = list(iter_articles([str(tmp_path / "nul\x00.txt")]))
    assert isinstance(f, Failure) and f.error == "invalid file name: embedded null byte"


def test_ten_thousand_tiny_files_are_streamed(tmp_path) -> None:
    for i in range(10_000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Title {i}\n\nThe minister said it was done {i} times.", encoding="utf-8")
    assert sum(1 for _ in iter_files([tmp_path])) == 10_000
    t = time.monotonic()
    it = iter_articles([tmp_path])
    first = [next(it) for _ in range(5)]
    assert time.monotonic() - t < 2 and [a.title for a in first] == [f"Title {i}" for i in range(5)]


def test_feed_parse_reads_from_memory_only(tmp_path) -> None:
    target = tmp_path / "t.rss"
    target.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>{SECRET}</title>'
                      '<item><link>http://127.0.0.1:9/a</link></item></channel></rss>', encoding="utf-8")
    out = list(iter_feed(str(target).encode(), source="x", fetcher=Fetcher(host_delay=0, retries=0)))
    assert len(out) == 1 and "not a feed" in out[0].error


# -- HTTPS: the pinned address, the certificate checked for the host name -------------------------
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a test certificate")
def test_https_connects_to_the_checked_address_and_verifies_the_host_name(tmp_path, monkeypatch) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.test",
                    "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    web = Server()
    try:
        web.routes["/p"] = send
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
        web.httpd.socket = tls.wrap_socket(web.httpd.socket, server_side=True)
        port = web.httpd.server_address[1]
        real_getaddrinfo, real_context = socket.getaddrinfo, ssl.create_default_context
        monkeypatch.setattr(socket, "getaddrinfo", lambda h, *a, **k: real_getaddrinfo("127.0.0.1" if h == "news.test" else h, *a, **k))
        monkeypatch.setattr(net.ssl, "create_default_context", lambda: real_context(cafile=str(cert)))
        body, _ = local().get(f"https://news.test:{port}/p")
        assert body == PAGE and web.hits[-1][1]["Host"] == f"news.test:{port}"
        with pytest.raises(IngestError, match="CERTIFICATE_VERIFY_FAILED|match"):
            local().get(f"https://127.0.0.1:{port}/p")  # the certificate is not for this name
        with pytest.raises(IngestError, match="refused"):
            Fetcher(host_delay=0, retries=0).get(f"https://news.test:{port}/p")
    finally:
        web.httpd.shutdown()


def test_odd_characters_in_urls_are_encoded_not_injected(web) -> None:
    web.routes["/caf%C3%A9%20page?q=%C3%BC"] = send
    web.routes["/aX-Injected:%201"] = send  # urlsplit drops CR, LF and tab
    assert local().get(f"{web.url}/café page?q=ü")[0] == PAGE
    assert local().get(f"{web.url}/a\r\nX-Injected: 1")[0] == PAGE
    assert all("X-Injected" not in headers for _, headers in web.hits)
    with pytest.raises(IngestError, match="invalid"):
        local().get("http://xn--a.xn--b-.com:99999999/")
