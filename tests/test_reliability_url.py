"""Fetching under attack (issue #19): real servers on 127.0.0.1, no mocks.

- the address is checked before any connection: a refused address is never connected to,
  and an open port and a closed one give the same answer (no port scan);
- one deadline for the whole fetch: a server sending one byte a second is cut off;
- charsets: ``<meta charset>`` honoured, an unknown charset a clean Rejected;
- international host names never crash the fetch.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from recoupe.errors import RecoupeError
from recoupe.ingest import read_inputs
from recoupe.ingest.url import Fetched, ascii_url, fetch, fetched_text
from recoupe.records import Document, Rejected
from recoupe.settings import Settings

PAGE = (
    "<html><head><meta charset='windows-1252'><title>Crue</title></head><body><article>"
    "<p>La préfecture a annoncé lundi qu'au moins 12 personnes étaient mortes à Nîmes, "
    "et que plus de 300 habitants avaient été évacués pendant l'été.</p></article></body></html>"
)


class _RawServer:
    """A TCP server on 127.0.0.1 answering each connection with ``reply(conn)``; counts them."""

    def __init__(self, reply) -> None:  # type: ignore[no-untyped-def]
        self.reply = reply
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                self.reply(conn)
            except OSError:
                pass  # the client hung up: expected for the slow server

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def _http(content_type: str, body: bytes):  # type: ignore[no-untyped-def]
    head = f"HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    return lambda conn: conn.sendall(head.encode() + b"\r\n" + body)


def _drip(conn: socket.socket) -> None:
    """Headers at once, then a body of one byte a second, for a minute."""
    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n")
    for _ in range(60):
        conn.sendall(b"x")
        time.sleep(1.0)


@pytest.fixture
def serve() -> Iterator:
    servers: list[_RawServer] = []

    def start(reply) -> _RawServer:  # type: ignore[no-untyped-def]
        servers.append(_RawServer(reply))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def read(url: str, settings: Settings, **kwargs: object) -> Document | Rejected:
    [item] = list(read_inputs([url], settings, **kwargs))  # type: ignore[arg-type]
    return item


SETTINGS = Settings(url_timeout=2.0)


def test_a_refused_address_is_never_connected_to(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(_http("text/html", PAGE.encode("cp1252")))
    item = read(f"http://127.0.0.1:{server.port}/a", SETTINGS, allow_private_urls=False)
    assert isinstance(item, Rejected) and item.code == "url_forbidden"
    assert server.connections == 0


def test_open_and_closed_ports_answer_alike(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(_http("text/html", PAGE.encode("cp1252")))
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    answers = [read(f"http://localhost:{p}/", SETTINGS, allow_private_urls=False)
               for p in (server.port, port)]
    assert [(a.code, a.reason) for a in answers] == [(answers[0].code, answers[0].reason)] * 2
    assert answers[0].code == "url_forbidden" and server.connections == 0


def test_meta_charset_is_honoured(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(_http("text/html", PAGE.encode("cp1252")))
    doc = read(f"http://127.0.0.1:{server.port}/a", SETTINGS)
    assert isinstance(doc, Document)
    assert "préfecture" in doc.text and "évacués" in doc.text


def test_unknown_charset_is_a_clean_rejection(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(_http("text/html; charset=x-martian-7", PAGE.encode("cp1252")))
    item = read(f"http://127.0.0.1:{server.port}/a", SETTINGS)
    assert isinstance(item, Rejected) and item.code == "undecodable"
    assert "x-martian-7" in item.reason


def test_fetched_text_follows_meta_then_detection() -> None:
    fetched = Fetched("http://a.example/", PAGE.encode("cp1252"), "text/html", None)
    assert "préfecture" in fetched_text(fetched).text
    with pytest.raises(RecoupeError, match="unknown charset"):
        fetched_text(Fetched("http://a.example/", b"abc", "text/plain", "nope-42"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://bücher.example/été?q=Nîmes",
         "http://xn--bcher-kva.example/%C3%A9t%C3%A9?q=N%C3%AEmes"),
        ("https://例え.テスト:8443/a b", "https://xn--r8jz45g.xn--zckzah:8443/a%20b"),
        ("http://plain.example/path", "http://plain.example/path"),
    ],
)
def test_ascii_url(url: str, expected: str) -> None:
    assert ascii_url(url) == expected


def test_an_idn_host_never_crashes_the_fetch() -> None:
    item = read("http://bücher.invalid/article", SETTINGS)
    assert isinstance(item, Rejected) and item.code == "url_unreachable"


def test_a_bad_host_name_is_a_clean_rejection() -> None:
    with pytest.raises(RecoupeError) as caught:
        fetch("http://" + "a" * 70 + "ü.example/", SETTINGS)
    assert caught.value.code == "url_unreachable"


@pytest.mark.slow
def test_one_deadline_for_the_whole_fetch(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(_drip)
    settings = Settings(url_timeout=1.5)
    started = time.monotonic()
    item = read(f"http://127.0.0.1:{server.port}/drip", settings)
    elapsed = time.monotonic() - started
    assert isinstance(item, Rejected) and item.code == "url_timeout"
    assert elapsed < 6  # a per-read timeout alone would wait the whole minute
