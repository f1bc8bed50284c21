"""`recoupe serve` through FastAPI's test client: pages, browsing, API, and the refusals.

The store is filled by hand with an invented run (no spaCy): three articles about an
invented flood, one of them with a "/" in its id and an outlet that starts like a
spreadsheet formula. The tests that run the pipeline or a real server are in
test_serve_live.py (marked slow).
"""

from __future__ import annotations

import argparse
import html
import io
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from recoupe.errors import CATALOGUE, RecoupeError
from recoupe.forget import forget_documents
from recoupe.records import (
    Claim,
    Comparison,
    Document,
    Entity,
    Geo,
    LineageLatest,
    Mention,
    Period,
    Place,
    Source,
    TimelineEntry,
)
from recoupe.serve import ServeConfig, add_serve_parser, check_public_url, check_store, create_app
from recoupe.serve.command import run_serve
from recoupe.serve.data import fts_query
from recoupe.serve.submit import Analyst
from recoupe.store import Store

BASE = "http://127.0.0.1:8000"
TEXT_A = ("Crue de la Meuse à Dinant.\n\nAu moins 12 personnes sont mortes à Dinant lundi, "
          "selon la préfecture. Environ 40 blessés ont été soignés dans la nuit.\n")
TEXT_B = ("Le bilan atteint 15 morts à Dinant, selon le ministère de l'Intérieur. "
          "Les secours parlent de 90 blessés.\n")
TEXT_C = "Selon la Croix-Rouge, 300 habitants ont été évacués de Namur mardi.\n"
FORMULA_OUTLET = "@Radio Vallée"


def _claim(cid: str, doc: Document, quantity: str, kind: str, low: int, high: int | None,
           qualifier: str, place: Place, source: Source | None, day: str) -> Claim:
    q0 = doc.text.index(quantity)
    s0 = doc.text.rfind("\n", 0, q0) + 1
    dot = doc.text.find(". ", q0)
    s1 = dot + 1 if dot >= 0 else len(doc.text.rstrip())
    return Claim(id=cid, doc=doc.id, kind=kind, group="all", group_label=None, low=low,
                 high=high, qualifier=qualifier, quantity_text=quantity, place=place,
                 period=Period(day, day, None), source=source, outlet=doc.outlet,
                 sentence=doc.text[s0:s1], span=(q0, q0 + len(quantity)),
                 sentence_span=(s0, s1))


def invented_run() -> dict:
    """Three invented articles, their claims linked to entities, comparisons, stories."""
    a = Document("a_gazette", TEXT_A, path="a.txt", outlet="La Gazette du Nord",
                 title="Crue à Dinant : au moins 12 morts", lang="fr", published="2024-03-04")
    b = Document("b_courrier", TEXT_B, path="b.txt", outlet="Le Courrier",
                 title="Le bilan monte à Dinant", lang="fr", published="2024-03-06")
    c = Document("dossier/c_radio", TEXT_C, path="dossier/c.txt", outlet=FORMULA_OUTLET,
                 title="Évacuations à Namur", lang="fr", published="2024-03-05")
    dinant = Place("Dinant", "ent_dinant", 50.26, 4.91)
    namur = Place("Namur", "ent_namur", 50.47, 4.87)
    prefecture = Source("préfecture", "ent_pref")
    claims = (
        _claim("c1", a, "Au moins 12", "killed", 12, None, "at_least", dinant, prefecture,
               "2024-03-04"),
        _claim("c2", a, "Environ 40", "injured", 40, 40, "about", dinant, None, "2024-03-04"),
        _claim("c3", b, "15", "killed", 15, 15, "exact", dinant,
               Source("ministère de l'Intérieur"), "2024-03-06"),
        _claim("c4", b, "90", "injured", 90, 90, "exact", dinant, Source("secours"),
               "2024-03-04"),
        _claim("c5", c, "300", "displaced", 300, 300, "exact", namur,
               Source("Croix-Rouge"), "2024-03-05"),
    )
    comparisons = (
        Comparison("killed", "all", "Dinant", None, ("c1", "c3"), "update", 12, 15,
                   "The toll grew from 12 to 15.", story="s1", headline=15,
                   headline_lineage="authorities",
                   lineages=(LineageLatest("authorities", "2024-03-06", 15, 15, 15, "update",
                                           ("c1", "c3")),)),
        Comparison("injured", "all", "Dinant", None, ("c2", "c4"), "conflict", 40, 90,
                   "The sources disagree.", story="s1", headline=40),
        Comparison("displaced", "all", "Namur", None, ("c5",), "single", 300, 300,
                   "One source.", story="s2", headline=300),
    )
    entities = (
        Entity("ent_dinant", "Dinant", "LOC", ("Dinant",),
               (Mention(a.id, 19, 25, "Dinant", "LOC"), Mention(b.id, 23, 29, "Dinant", "LOC")),
               Geo(50.26, 4.91, 1, "BE", feature="city")),
        Entity("ent_namur", "Namur", "LOC", ("Namur",), (Mention(c.id, 56, 61, "Namur", "LOC"),),
               Geo(50.47, 4.87, 2, "BE", feature="city")),
        Entity("ent_pref", "préfecture", "ORG", ("préfecture",),
               (Mention(a.id, 70, 80, "préfecture", "ORG"),)),
    )
    timeline = (TimelineEntry("2024-03-04", "day", "La crue frappe Dinant", ()),)
    return {"documents": (a, b, c), "claims": claims, "comparisons": comparisons,
            "entities": entities, "timeline": timeline,
            "stories": {a.id: "s1", b.id: "s1", c.id: "s2"}}


def fill_store(path: Path) -> Path:
    run = invented_run()
    with Store.open(path) as store:
        for doc in run["documents"]:
            store.save_document(doc, claims=[c for c in run["claims"] if c.doc == doc.id],
                                mentions=[], dates=[])
        store.save_links(run["claims"])
        store.save_run(entities=run["entities"], timeline=run["timeline"],
                       comparisons=run["comparisons"],
                       extra={"stories": [{"doc": d, "story": s}
                                          for d, s in run["stories"].items()]})
    return path


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    return fill_store(tmp_path / "run" / "recoupe.sqlite")


@pytest.fixture()
def client(store_path: Path) -> TestClient:
    return TestClient(create_app(ServeConfig(store_path, max_upload=2000)), base_url=BASE)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


# --------------------------------------------------------------------------- pages


def test_index_opens_on_the_stories_with_a_strict_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    text = response.text
    assert '<html lang="fr">' in text  # the corpus is French
    assert text.index('id="stories"') < text.index('id="timeline"')
    assert 'data-values="12 15"' in text and 'data-status="update"' in text
    assert client.get("/?ui=en").text.count("Key figures") >= 1


def test_entity_page_lists_its_claims(client: TestClient) -> None:
    page = client.get("/entities/ent_dinant")
    assert page.status_code == 200
    assert sorted(set(page.text.split('data-claim="')[1:][i][:2] for i in range(4))) == [
        "c1", "c2", "c3", "c4"]
    assert client.get("/api/entities").json()["items"][0] == {
        "id": "ent_dinant", "canonical": "Dinant", "type": "LOC", "forms": ["Dinant"],
        "mentions": 2, "documents": 2, "claims": 4, "lat": 50.26, "lon": 4.91, "country": "BE"}


def test_document_with_a_slash_in_its_id_is_reachable(client: TestClient) -> None:
    page = client.get("/documents/dossier/c_radio")
    assert page.status_code == 200 and "Namur" in page.text
    assert client.get("/documents/dossier%2Fc_radio").status_code == 200
    assert client.get("/api/documents/dossier/c_radio").json()["claims"] == 1


def test_missing_things_are_pages_for_people_and_json_for_the_api(client: TestClient) -> None:
    page = client.get("/documents/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "nope" in page.text
    api = client.get("/api/documents/nope")
    assert api.status_code == 404 and api.json()["error"] == "http_error"


@pytest.mark.parametrize("path", [
    "/documents/..%2F..%2F..%2Fetc%2Fpasswd", "/documents/recoupe.sqlite",
    "/entities/..%2Frecoupe.sqlite", "/documents/%2Fetc%2Fpasswd", "/static/recoupe.sqlite",
    "/static/vendor/..%2F..%2Fhtml.py",
])
def test_no_route_serves_a_file(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "SQLite format" not in response.text


# --------------------------------------------------------------------------- browsing


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["c1", "c2", "c3", "c4", "c5"]),
    ("?kind=killed", ["c1", "c3"]),
    ("?status=conflict", ["c2", "c4"]),
    ("?outlet=Le%20Courrier", ["c3", "c4"]),
    ("?place=Namur", ["c5"]),
    ("?place=ent_dinant&since=2024-03-05", ["c3"]),
    ("?source=ent_pref", ["c1"]),
    ("?entity=ent_namur", ["c5"]),
    ("?story=s2", ["c5"]),
    ("?lineage=authorities", ["c1", "c3"]),
    ("?until=2024-03-04", ["c1", "c2", "c4"]),
    ("?q=bless%C3%A9s", ["c2", "c4"]),
    ("?q=evacues", ["c5"]),  # accents folded
    ("?kind=weapons", []),
])
def test_claim_filters(client: TestClient, query: str, expected: list[str]) -> None:
    assert ids(client.get("/api/claims" + query)) == expected
    assert client.get("/claims" + query).status_code == 200


def test_limit_and_offset_are_honoured_with_the_total(client: TestClient) -> None:
    page = client.get("/api/claims?limit=2&offset=1").json()
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)
    assert [c["id"] for c in page["items"]] == ["c2", "c3"]
    html = client.get("/claims?limit=2").text
    assert html.count('<tr data-claim="') == 2 and 'rel="next"' in html


@pytest.mark.parametrize(("query", "field", "allowed"), [
    ("kind=nope", "kind", "killed"),
    ("status=maybe", "status", "conflict"),
    ("outlet=Le%20Monde", "outlet", "Le Courrier"),
    ("since=yesterday", "since", "YYYY-MM-DD"),
])
def test_unknown_filter_values_are_refused_with_the_allowed_ones(
        client: TestClient, query: str, field: str, allowed: str) -> None:
    api = client.get("/api/claims?" + query)
    assert api.status_code == 422
    body = api.json()
    assert body["field"] == field and allowed in body["allowed"]
    page = client.get("/claims?" + query)
    assert page.status_code == 422 and allowed in page.text


@pytest.mark.parametrize("query", ["limit=0", "limit=100000", "offset=-1",
                                   "offset=9223372036854775808", "format=xml"])
def test_bad_paging_is_a_422(client: TestClient, query: str) -> None:
    assert client.get("/api/claims?" + query).status_code == 422


def test_facet_counts_equal_the_store(client: TestClient, store_path: Path) -> None:
    facets = client.get("/api/claims").json()["facets"]
    with sqlite3.connect(store_path) as conn:
        for facet, column in (("kind", "kind"), ("group", "grp"), ("outlet", "outlet"),
                              ("place", "place")):
            expected = dict(conn.execute(f"SELECT {column}, count(*) FROM claims "
                                         f"WHERE {column} IS NOT NULL GROUP BY {column}"))
            assert {f["value"]: f["count"] for f in facets[facet]} == expected, facet
    assert {f["value"]: f["count"] for f in facets["status"]} == {
        "update": 2, "conflict": 2, "single": 1}
    filtered = client.get("/api/claims?kind=injured").json()["facets"]
    assert filtered["kind"] == [{"value": "injured", "count": 2}]


def test_csv_of_a_filtered_listing_opens_in_pandas_with_the_same_rows(
        client: TestClient) -> None:
    query = "/api/claims?place=ent_dinant&limit=3&offset=1"
    listed = client.get(query).json()["items"]
    response = client.get(query + "&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.StringIO(response.text))
    assert list(frame["id"]) == [c["id"] for c in listed] == ["c2", "c3", "c4"]
    assert list(frame["figure"]) == [c["figure"] for c in listed]
    radio = pd.read_csv(io.StringIO(client.get("/api/claims?story=s2&format=csv").text))
    assert radio["outlet"][0] == "'" + FORMULA_OUTLET  # never a live formula


@pytest.mark.parametrize("listing", ["entities", "documents", "comparisons", "timeline",
                                     "stories"])
def test_every_listing_pages_and_downloads(client: TestClient, listing: str) -> None:
    page = client.get(f"/api/{listing}?limit=1").json()
    assert page["limit"] == 1 and len(page["items"]) == min(1, page["total"])
    frame = pd.read_csv(io.StringIO(client.get(f"/api/{listing}?format=csv").text))
    assert len(frame) == page["total"]


def test_stories_and_timeline(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["items"]
    assert [s["documents"] for s in stories] == [["a_gazette", "b_courrier"],
                                                  ["dossier/c_radio"]]
    assert stories[0]["key_figures"][0]["kind"] == "killed"
    assert client.get("/api/timeline").json()["items"][0]["date"] == "2024-03-04"


def test_openapi_is_typed_and_docs_are_local(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/claims", "/api/entities", "/api/timeline", "/api/stories",
            "/api/documents/{doc_id}"} <= set(spec["paths"])
    schema = spec["paths"]["/api/claims"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ClaimPage"}
    assert "ClaimItem" in spec["components"]["schemas"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('morts " OR 1 NEAR(') == '"morts" """" "OR" "1" "NEAR("*'
    assert fts_query("   ") is None


# --------------------------------------------------------------------------- views cache


def test_views_are_computed_once_per_change(client: TestClient, store_path: Path) -> None:
    views = client.app.state.views
    for path in ("/", "/", "/claims", "/api/claims", "/api/stories"):
        assert client.get(path).status_code == 200
    assert views.builds == 1
    assert client.delete("/api/documents/b_courrier").json() == {
        "removed": ["b_courrier"], "unknown": []}
    assert ids(client.get("/api/claims")) == ["c1", "c2", "c5"]
    assert views.builds == 2


def test_forget_recomputes_what_was_derived(store_path: Path) -> None:
    done = forget_documents(store_path, ["dossier/c_radio", "never-there"])
    assert (done.removed, done.unknown) == (("dossier/c_radio",), ("never-there",))
    with Store.open(store_path, readonly=True) as store:
        assert [d.id for d in store.documents()] == ["a_gazette", "b_courrier"]
        assert all("c5" not in c.claims for c in store.comparisons())
        assert {r["doc"] for r in store.extra("stories")} == {"a_gazette", "b_courrier"}


def test_forget_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(RecoupeError) as caught:
        forget_documents(tmp_path / "typo.sqlite", ["x"])
    assert caught.value.exit_code == 2


# --------------------------------------------------------------------------- security


def test_unknown_host_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"}, {"origin": "null"},
    {"referer": "http://evil.example/page"}, {"origin": "http://127.0.0.1:9999"},
])
def test_cross_site_writes_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/articles", json={"text": "   "}, headers=headers)
    assert response.status_code == 403
    assert client.delete("/api/documents/a_gazette", headers=headers).status_code == 403
    assert ids(client.get("/api/claims?doc=a_gazette")) == ["c1", "c2"]


def test_same_origin_writes_pass_the_origin_check(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": "   "},
                           headers={"origin": BASE})
    assert response.status_code == 400  # refused for being empty, not for its origin


def test_form_needs_its_token(client: TestClient) -> None:
    refused = client.post("/add", data={"text": "x"})
    assert refused.status_code == 403 and "reload" in refused.text
    form = client.get("/add").text
    token = form.split('name="token" value="')[1].split('"')[0]
    empty = client.post("/add", data={"text": "  ", "token": token})
    assert empty.status_code == 400  # past the token: refused for being empty


def test_form_parts_may_be_as_large_as_the_cap(store_path: Path) -> None:
    client = TestClient(create_app(ServeConfig(store_path, max_upload=5_000_000)),
                        base_url=BASE)
    response = client.post("/add", data={"text": "a" * 1_500_000, "token": "wrong"})
    assert response.status_code == 403  # the 1.5 MB part was read; only the token failed


@pytest.mark.parametrize(("body", "status"), [
    (b'{"text": "\\ud800 morts"}', 422),
    (b'{"title": "\\udfff"}', 422),
    (b'{"text": "x", "html": 9223372036854775808}', 422),
    (b'{"text": 92233720368547758080000}', 422),
    (b'{"text": ', 422),
])
def test_hostile_json_bodies_are_4xx(client: TestClient, body: bytes, status: int) -> None:
    response = client.post("/api/articles", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code == status
    assert response.json()["error"] == "invalid"


@pytest.mark.parametrize(("payload", "status", "code", "words"), [
    ({"url": "https://example.org/a"}, 403, "fetch_disabled", "--allow-fetch"),
    ({"text": "   "}, 400, "empty", "empty"),
    ({"text": "x" * 2001}, 413, "too_large", "2000 bytes"),
])
def test_api_refusals(client: TestClient, payload: dict, status: int, code: str,
                      words: str) -> None:
    """Refusals come from the error catalogue: its code, its sentence, its HTTP status."""
    response = client.post("/api/articles", json=payload)
    assert response.status_code == status
    assert response.json()["error"] == code
    assert response.json()["message"].startswith(CATALOGUE[code])
    assert words in response.json()["message"]


@pytest.mark.parametrize(("name", "size", "status", "code"), [
    ("article.pdf", 10, 415, "unsupported"),
    ("article.txt", 2001, 413, "too_large"),
])
def test_upload_refusals(client: TestClient, name: str, size: int, status: int,
                         code: str) -> None:
    token = client.get("/add").text.split('name="token" value="')[1].split('"')[0]
    response = client.post("/add", data={"token": token},
                           files={"file": (name, b"a" * size, "text/plain")})
    assert response.status_code == status
    assert 'class="error"' in response.text
    assert html.escape(CATALOGUE[code], quote=True) in response.text


def test_uploads_are_decoded_like_files(client: TestClient, store_path: Path) -> None:
    """Three bad bytes in a UTF-8 upload cost those bytes, not the whole text (issue 19)."""
    token = client.get("/add").text.split('name="token" value="')[1].split('"')[0]
    data = "Été : au moins 12 personnes ont été tuées à Lyon. ".encode() + b"\xff\xfe\xfd"
    response = client.post("/add", data={"token": token}, follow_redirects=False,
                           files={"file": ("ete.txt", data, "text/plain")})
    assert response.status_code == 303
    doc_id = response.headers["location"].split("added=")[1]
    with Store.open(store_path, readonly=True) as store:
        text = store.text(doc_id)
    assert text.startswith("Été : au moins 12") and "Ã" not in text


def test_lone_surrogates_in_an_article_are_replaced_not_a_500(client: TestClient,
                                                           store_path: Path) -> None:
    analyst = Analyst(ServeConfig(store_path, max_upload=2000), lambda: None)
    doc_id = analyst.add_text("Au moins 7 personnes ont été tuées à Lyon \ud800 mardi.",
                              {"title": "Titre \udfff"})
    with Store.open(store_path, readonly=True) as store:
        assert "\ufffd" in store.text(doc_id)


def test_serve_config_loads_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """Like `recoupe analyze`: recoupe.toml, then RECOUPE_* variables; --max-upload wins."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "recoupe.toml").write_text("max_bytes = 4000\n", encoding="utf-8")
    assert ServeConfig(tmp_path / "s.sqlite").upload_cap == 4000
    monkeypatch.setenv("RECOUPE_MAX_BYTES", "3000")
    assert ServeConfig(tmp_path / "s.sqlite").upload_cap == 3000
    assert ServeConfig(tmp_path / "s.sqlite", max_upload=2000).upload_cap == 2000


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
    client = TestClient(create_app(ServeConfig(store_path, allow_fetch=True)), base_url=BASE)
    response = client.post("/api/articles", json={"url": url})
    assert response.status_code == 400


def test_check_public_url_accepts_a_public_name() -> None:
    check_public_url("https://example.org/article")  # no DNS here: the fetcher re-checks


# --------------------------------------------------------------------------- command


def test_serve_binds_loopback_by_default() -> None:
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--store", "x.sqlite"])
    assert (args.host, args.allow_fetch, args.create) == ("127.0.0.1", False, False)


def test_a_missing_store_is_refused_unless_create(tmp_path: Path, capsys) -> None:
    typo = tmp_path / "typo.sqlite"
    with pytest.raises(RecoupeError) as caught:
        check_store(typo)
    assert caught.value.exit_code == 2 and not typo.exists()
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers(dest="command"))
    assert run_serve(parser.parse_args(["serve", "--store", str(typo)])) == 2
    assert "--create" in capsys.readouterr().err
    check_store(typo, create=True)
    assert typo.is_file()


def test_an_empty_store_created_on_purpose_is_served(tmp_path: Path) -> None:
    store = tmp_path / "new.sqlite"
    check_store(store, create=True)
    client = TestClient(create_app(ServeConfig(store)), base_url=BASE)
    for path in ("/", "/claims", "/add", "/api/stories"):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/claims").json()["total"] == 0
