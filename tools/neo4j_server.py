"""Start a real Neo4j 5.26 Community server for tests and benchmarks (no Docker needed).

The jars come from Maven Central (`org.neo4j.test:neo4j-harness`, see tools/neo4j/pom.xml),
downloaded once into a cache folder by Maven; the server runs `tools/neo4j/Launcher.java` with
Java 17 in single-file source mode: Bolt on 127.0.0.1 at a free port, auth off, data and log in
one temporary folder that is removed when the server stops.

    python tools/neo4j_server.py        # start one and print its URI; it stops on Ctrl-C,
                                        # SIGTERM, or when its stdin closes (Ctrl-D)

Environment: GRAPHBUILD_NEO4J_LIB (jar folder), GRAPHBUILD_NEO4J_VERSION (default 5.26.31).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent / "neo4j"
VERSION = os.environ.get("GRAPHBUILD_NEO4J_VERSION", "5.26.31")
JVM_FLAGS = [
    "-Xmx1g",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
]


class Neo4jUnavailable(RuntimeError):
    """The server could not be started here (no Java/Maven, download failed, start failed)."""


def lib_dir() -> Path:
    """Where the jars are cached."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "graphbuild" / f"neo4j-{VERSION}" / "lib"
    return Path(os.environ.get("GRAPHBUILD_NEO4J_LIB", default))


def ensure_jars(timeout: float = 900) -> Path:
    """Download the Neo4j harness jars with Maven unless they are cached; returns the folder."""
    lib = lib_dir()
    if lib.is_dir() and any(lib.glob("neo4j-harness-*.jar")):
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jUnavailable("Maven (mvn) is not installed: cannot download the Neo4j test server")
    tmp = lib.with_name(lib.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [mvn, "-B", "-q", "-f", str(HERE / "pom.xml"), f"-Dneo4j.version={VERSION}",
           "dependency:copy-dependencies", f"-DoutputDirectory={tmp}"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise Neo4jUnavailable(f"Maven download of neo4j-harness {VERSION} timed out") from e
    if r.returncode != 0:
        raise Neo4jUnavailable(f"Maven could not download neo4j-harness {VERSION}: {(r.stdout + r.stderr)[-800:]}")
    tmp.rename(lib)
    return lib


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running test server; `stop()` ends it (by closing stdin, then by PID)."""

    uri: str
    proc: subprocess.Popen[str]
    data: Path
    log: Path
    started_in: float
    _stopped: bool = field(default=False, repr=False)

    def stop(self, timeout: float = 30) -> None:
        """Stop the server and remove its data and log."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=timeout)
        except (subprocess.TimeoutExpired, OSError):
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stdin):
            if stream:
                stream.close()
        shutil.rmtree(self.data, ignore_errors=True)

    def kill(self) -> None:
        """Stop abruptly (SIGKILL), as a crash would."""
        self.proc.kill()
        self.proc.wait()


def start(port: int | None = None, timeout: float = 180, copy_from: Path | None = None, *, auth: bool = False) -> Server:
    """Start a server and wait for its ready line. `copy_from`: a Neo4j home whose `data/` (a
    database written by `neo4j-admin database import full` with `NEO4J_HOME` set to it) the
    server copies and serves as its `neo4j` database. `auth`: authentication on (for tests of
    refused credentials; the only user is neo4j, whose password must be changed)."""
    java = shutil.which("java")
    if not java:
        raise Neo4jUnavailable("Java is not installed: cannot start the Neo4j test server")
    lib = ensure_jars()
    port = port or free_port()
    data = Path(tempfile.mkdtemp(prefix="graphbuild-neo4j-"))
    log = data / "server.log"
    t0 = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [java, *JVM_FLAGS, "-cp", f"{lib}{os.sep}*", str(HERE / "Launcher.java"), str(port), str(data / "db"),
             *([str(copy_from)] if copy_from is not None else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
            env={**os.environ, "GRAPHBUILD_NEO4J_AUTH": "1" if auth else "0"},
        )
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("NEO4J READY"):
            return Server(f"bolt://127.0.0.1:{port}", proc, data, log, time.perf_counter() - t0)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    proc.wait()
    tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
    shutil.rmtree(data, ignore_errors=True)
    raise Neo4jUnavailable(f"Neo4j did not start within {timeout:.0f}s (exit {proc.poll()}): {tail}")


def main() -> None:
    """Start a server, print its URI, and stop it on Ctrl-C, SIGTERM, or when stdin closes."""
    server = start()
    print(f"{server.uri}  (started in {server.started_in:.1f}s; Ctrl-C, or close stdin, to stop)", flush=True)
    stop = threading.Event()

    def read_stdin() -> None:
        try:
            while sys.stdin.read(4096):
                pass
        except (OSError, ValueError):
            pass
        stop.set()

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=read_stdin, daemon=True).start()
    try:
        while not stop.is_set() and server.proc.poll() is None:
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
