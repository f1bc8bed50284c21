"""`recoupe serve` for real: uvicorn on 127.0.0.1, sockets, the command line, the pipeline.

Marked slow: each test starts a server, a process, or spaCy.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_serve import fill_store

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def live(tmp_path: Path) -> Iterator[tuple[str, Path, object]]:
    """A real server (uvicorn with serve's header deadline of 1 s) on a free port."""
    import uvicorn

    from recoupe.serve import ServeConfig, create_app
    from recoupe.serve.security import protocol_with_timeout

    store = fill_store(tmp_path / "recoupe.sqlite")
    port = free_port()
    app = create_app(ServeConfig(store, port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning",
                                           http=protocol_with_timeout(1.0)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", store, app
    server.should_exit = True
    thread.join(10)


def _post_json(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_slow_headers_are_cut_off(live) -> None:
    base, _, _ = live
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 5
    with urllib.request.urlopen(base + "/api/claims?limit=1", timeout=30) as response:
        assert json.loads(response.read())["total"] == 5  # complete requests still served


def test_cross_site_and_foreign_host_refused_on_the_wire(live) -> None:
    base, _, _ = live
    request = urllib.request.Request(base + "/api/documents/a_gazette", method="DELETE",
                                     headers={"Origin": "http://evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /api/claims HTTP/1.1\r\nHost: rebind.example\r\n"
                     b"Connection: close\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 400")


def test_added_articles_never_500_and_views_rebuilt_once(live) -> None:
    base, store, app = live
    views = app.state.views
    urllib.request.urlopen(base + "/", timeout=60).read()
    built = views.builds
    huge = ("Crue à Dinant. Le bilan atteint 9223372036854775808 personnes selon la "
            "préfecture, et 1 000 000 000 000 000 000 000 sinistrés.")
    status, body = _post_json(base + "/api/articles", {"text": huge, "title": "Énorme"})
    assert status < 500, body
    paragraph = ("Les pluies ont fait 14 morts à Dinant lundi, selon la préfecture, et "
                 "au moins 60 blessés, selon les secours. ")
    status, body = _post_json(base + "/api/articles", {
        "text": "Bilan de la crue\n\n" + paragraph * 400, "title": "Long bilan"})
    assert status == 201, body
    assert {c["figure"] for c in body["claims"]} >= {14, 60}
    for _ in range(3):
        urllib.request.urlopen(base + "/", timeout=60).read()
    assert views.builds <= built + 2  # one rebuild per change, not one per request
    leftovers = {p.name for p in (store.parent / "submitted").glob("*")}
    with urllib.request.urlopen(base + "/api/documents?limit=1000", timeout=60) as response:
        stored = {d["id"] for d in json.loads(response.read())["items"]}
    assert all(Path(name).stem in stored or any(Path(name).stem in s for s in stored)
               for name in leftovers)  # no orphan file


def test_command_prints_its_url_and_refuses_a_missing_store(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "recoupe.cli", "serve", "--store", str(tmp_path / "typo.sqlite")],
        capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "--create" in missing.stderr
    assert not (tmp_path / "typo.sqlite").exists()
    store = fill_store(tmp_path / "recoupe.sqlite")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "recoupe.cli", "serve", "--store", str(store), "--port", str(port)],
        stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert f"http://127.0.0.1:{port}/" in line
        busy = subprocess.run(
            [sys.executable, "-m", "recoupe.cli", "serve", "--store", str(store), "--port",
             str(port)], capture_output=True, text=True, timeout=120)
        assert busy.returncode == 2 and "cannot listen" in busy.stderr
    finally:
        process.terminate()
        process.wait(30)


def test_command_creates_a_store_when_told(tmp_path: Path) -> None:
    created = tmp_path / "new.sqlite"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "recoupe.cli", "serve", "--store", str(created), "--create",
         "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        assert f"http://127.0.0.1:{port}/" in process.stderr.readline()
        assert created.is_file()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/claims", timeout=60) as got:
            assert json.loads(got.read())["total"] == 0
    finally:
        process.terminate()
        process.wait(30)
