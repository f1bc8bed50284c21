"""`recoupe serve` through FastAPI's test client: pages, filters, API, and the refusals.

The store is filled by hand with the invented run of test_report (no spaCy), except in
the one test that adds an article through the JSON API and so runs the pipeline.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from recoupe.serve import ServeConfig, add_serve_parser, check_public_url, create_app
from recoupe.store import Store
from test_report import hand_result


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    result = hand_result()
    path = tmp_path / "run" / "recoupe.sqlite"
    with Store.open(path) as store:
        for doc in result.documents:
            store.save_document(doc, claims=[c for c in result.claims if c.doc == doc.id],
                                mentions=[], dates=[])
        store.save_run(entities=result.entities, timeline=result.timeline,
                       comparisons=result.comparisons,
                       extra={"framing": list(result.framing)})
    return path


@pytest.fixture()
def client(store_path: Path) -> TestClient:
    return TestClient(create_app(ServeConfig(store_path, max_upload=2000)))


def test_index_shows_key_figures_with_a_csp(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "data-values='120 450'" in response.text
    assert "data-values='300 1200'" in response.text


@pytest.mark.parametrize(("query", "claims", "comparisons"), [
    ("", ["c1", "c2", "c3", "c4"], [("injured", 2), ("killed", 2)]),
    ("?kind=killed", ["c1", "c3"], [("killed", 2)]),
    ("?outlet=L'Hebdo", ["c3", "c4"], [("injured", 1), ("killed", 1)]),
    ("?source=minist%C3%A8re%20de%20la%20Sant%C3%A9", ["c3"], [("killed", 1)]),
    ("?place=Alep&since=2023-02-08", ["c3"], [("killed", 1)]),
    ("?kind=weapons", [], []),
])
def test_filters(client: TestClient, query: str, claims: list[str],
                 comparisons: list[tuple[str, int]]) -> None:
    report = client.get("/api/report" + query).json()
    assert [c["id"] for c in report["claims"]] == claims
    assert [(c["kind"], len(c["claims"])) for c in report["comparisons"]] == comparisons
    assert client.get("/" + query).status_code == 200


def test_entity_and_document_pages(client: TestClient) -> None:
    entity = client.get("/entities/ent_alep")
    assert entity.status_code == 200 and "Aleppo" in entity.text
    document = client.get("/documents/a_quotidien")
    assert document.status_code == 200
    assert "id='c-a_quotidien-c1'" in document.text and "class='bp'" in document.text
    assert client.get("/api/documents/b_hebdo").json()["claims"] == 2


@pytest.mark.parametrize("path", [
    "/documents/..%2F..%2F..%2Fetc%2Fpasswd", "/documents/recoupe.sqlite",
    "/entities/..%2Frecoupe.sqlite", "/documents/%2Fetc%2Fpasswd", "/static/recoupe.sqlite",
])
def test_no_route_serves_a_file(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "SQLite format" not in response.text


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/report", "/api/claims", "/api/comparisons"} <= set(paths)


@pytest.mark.parametrize(("payload", "status", "words"), [
    ({"url": "https://example.org/a"}, 403, "--allow-fetch"),
    ({"text": "   "}, 400, "empty"),
    ({"text": "x" * 2001}, 413, "larger"),
])
def test_api_refusals(client: TestClient, payload: dict, status: int, words: str) -> None:
    response = client.post("/api/articles", json=payload)
    assert response.status_code == status
    assert words in response.json()["message"]


@pytest.mark.parametrize(("name", "size", "status"), [
    ("article.pdf", 10, 415),
    ("article.txt", 2001, 413),
    ("../../evil.html", 2001, 413),
])
def test_upload_refusals(client: TestClient, name: str, size: int, status: int) -> None:
    response = client.post("/add", files={"file": (name, b"a" * size, "text/plain")})
    assert response.status_code == status
    assert "class='error'" in response.text


def test_request_body_is_capped(client: TestClient) -> None:
    response = client.post("/api/articles", content=b"{" + b" " * 400_000 + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8000/", "http://10.0.0.8/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/", "file:///etc/passwd", "ftp://example.org/x",
])
def test_fetch_refuses_private_addresses(store_path: Path, url: str) -> None:
    client = TestClient(create_app(ServeConfig(store_path, allow_fetch=True)))
    response = client.post("/api/articles", json={"url": url})
    assert response.status_code == 400


def test_check_public_url_accepts_a_public_name() -> None:
    check_public_url("https://example.org/article")  # no DNS here: the fetcher re-checks


def test_serve_binds_loopback_by_default() -> None:
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--store", "x.sqlite"])
    assert (args.host, args.allow_fetch) == ("127.0.0.1", False)


def test_added_article_is_analysed_and_listed(client: TestClient, store_path: Path) -> None:
    text = ("Inondations à Valence : le bilan monte à 62 morts, selon la préfecture. "
            "Plus de 300 personnes ont été évacuées mardi.")
    response = client.post("/api/articles", json={"text": text, "title": "Crue\nOUTLET: x",
                                                  "outlet": "La Gazette"})
    assert response.status_code == 201
    added = response.json()
    assert sorted(c["figure"] for c in added["claims"]) == [62, 300]
    saved = next(store_path.parent.glob("submitted/*.txt")).read_text()
    assert saved.startswith("TITLE: Crue OUTLET: x\nOUTLET: La Gazette\n\n")
    claims = client.get("/api/claims?outlet=La%20Gazette").json()
    assert sorted(c["low"] for c in claims) == [62, 300]
