"""`recoupe serve` on a real server (uvicorn on 127.0.0.1): paging, and views that reads
never rebuild (issue 19).

The store is test_serve's invented run (three articles, five claims, three comparisons).
Rebuilds are counted through ``Views.builds`` and the rows a build decoded through
``Views.decoded``, never timed.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recoupe.forget import forget_documents
from recoupe.pipeline import read_result
from recoupe.records import Claim, Document, Period, Place
from recoupe.report import build_report
from recoupe.serve import ServeConfig, create_app, pages
from recoupe.serve.submit import Analyst
from recoupe.store import Store
from test_serve import fill_store
from test_serve_live import free_port

READS = ("/", "/?limit=1&offset=1", "/claims", "/claims?kind=killed", "/documents",
         "/documents/a_gazette", "/entities/ent_dinant", "/api/claims?limit=2",
         "/api/claims?comparison=0", "/api/comparisons", "/api/documents", "/api/entities",
         "/api/stories", "/api/timeline", "/api/report", "/api/documents/a_gazette")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Any]]:
    """A real server on a free port over test_serve's invented store."""
    import uvicorn

    store = fill_store(tmp_path / "recoupe.sqlite")
    port = free_port()
    app = create_app(ServeConfig(store, port=port))
    app.state.views.fresh_wait = 120  # a loaded machine must not make a read stale
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.02)
    assert server.started
    yield f"http://127.0.0.1:{port}", store, app
    server.should_exit = True
    thread.join(30)


def get(url: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def get_json(url: str) -> Any:
    status, body = get(url)
    assert status == 200, body
    return json.loads(body)


# --------------------------------------------------------------------------- paging


def test_pages_of_the_api_follow_limit_and_offset(served) -> None:
    base, _, _ = served
    page = get_json(base + "/api/claims?limit=2&offset=2")
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 2)
    assert [c["id"] for c in page["items"]] == ["c3", "c4"]
    documents = get_json(base + "/api/documents?limit=1&offset=1")
    assert documents["total"] == 3 and len(documents["items"]) == 1
    assert get_json(base + "/api/documents?story=s1")["total"] == 2


@pytest.mark.parametrize(("path", "field"), [
    ("/api/claims?limit=1001", "limit"),
    ("/api/claims?limit=0", "limit"),
    ("/api/claims?limit=ten", "limit"),
    ("/api/comparisons?offset=-1", "offset"),
    ("/api/documents?limit=5000", "limit"),
    ("/api/claims?comparison=-2", "comparison"),
])
def test_bad_paging_values_are_one_clear_422(served, path: str, field: str) -> None:
    base, _, _ = served
    status, body = get(base + path)
    assert status == 422
    answer = json.loads(body)
    assert answer["error"] == "invalid" and field in answer["message"]
    assert "\n" not in answer["message"]


@pytest.mark.parametrize(("path", "field"), [
    ("/api/claims?comparison=3", "comparison"),  # three comparisons: 0, 1, 2
    ("/api/documents?story=nope", "story"),
])
def test_values_the_store_does_not_hold_are_a_422_naming_what_is(served, path: str,
                                                                 field: str) -> None:
    base, _, _ = served
    status, body = get(base + path)
    assert status == 422
    answer = json.loads(body)
    assert answer["field"] == field and answer["allowed"]


@pytest.mark.parametrize("path", ["/?limit=51", "/documents?offset=-1", "/claims?limit=0"])
def test_bad_paging_of_a_page_is_a_page(served, path: str) -> None:
    base, _, _ = served
    status, body = get(base + path)
    assert status == 422 and "<html" in body


def test_pages_link_to_the_next_and_previous_pages(served) -> None:
    base, _, _ = served
    _, first = get(base + "/documents?limit=2")
    assert first.count("<tr><td") == 2
    assert re.search(r'href="/documents\?limit=2&amp;offset=2" rel="next"', first)
    assert 'rel="prev"' not in first
    _, second = get(base + "/documents?limit=2&offset=2")
    assert second.count("<tr><td") == 1 and 'rel="prev"' in second and 'rel="next"' not in second
    _, stories = get(base + "/?limit=1")
    assert re.search(r'href="/\?offset=1&amp;limit=1" rel="next"', stories)
    _, claims = get(base + "/claims?limit=2&kind=injured")
    assert 'rel="next"' not in claims  # two injured claims: one page


def test_a_comparison_lists_its_claims_and_the_report_links_to_them(served, monkeypatch
                                                                    ) -> None:
    base, _, _ = served
    assert [c["id"] for c in get_json(base + "/api/claims?comparison=0")["items"]] == [
        "c1", "c3"]
    monkeypatch.setattr(pages, "COMPARISON_CLAIMS", 1)
    _, index = get(base + "/?limit=2")
    assert 'href="/claims?comparison=0"' in index  # one claim card shown of two
    _, browse = get(base + "/claims?comparison=0")
    assert browse.count('<tr data-claim="') == 2


def test_the_report_page_shows_a_bounded_part(served, monkeypatch) -> None:
    base, _, _ = served
    monkeypatch.setattr(pages, "STORY_DOCUMENTS", 1)
    _, index = get(base + "/?limit=1")
    articles = index.split('class="story"', 1)[1].split("</details>", 1)[0]
    assert articles.count('href="/documents/') == 1  # one of the story's two articles
    assert 'href="/documents?story=s1"' in articles
    assert index.count('class="story"') == 1  # one story of two on this page


def test_an_added_article_opens_the_report_on_the_comparisons_it_joined(served, monkeypatch
                                                                       ) -> None:
    base, _, _ = served
    monkeypatch.setattr(pages, "COMPARISON_CLAIMS", 1)
    _, index = get(base + "/?added=b_courrier")
    added = index.split('<section id="added"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'data-claim="(c\d)"', added) == ["c3", "c4"]  # its own claims first
    assert '<section id="added"' not in get(base + "/")[1]


# --------------------------------------------------------------------------- the views


def test_reads_never_rebuild_the_views(served) -> None:
    base, _, app = served
    views = app.state.views
    get_json(base + "/api/claims")
    built = views.builds
    for _ in range(3):
        for path in READS:
            status, body = get(base + path)
            assert status == 200, (path, body[:300])
    assert views.builds == built == 1


def test_a_write_through_the_server_rebuilds_once_and_is_read_back(served) -> None:
    base, _, app = served
    views = app.state.views
    assert get_json(base + "/api/claims")["total"] == 5
    status, _ = get(base + "/api/documents/b_courrier", method="DELETE")
    assert status == 200
    assert views.builds == 2
    assert [c["id"] for c in get_json(base + "/api/claims")["items"]] == ["c1", "c2", "c5"]
    assert "b_courrier" not in get(base + "/")[1]
    assert views.builds == 2


def test_a_write_by_another_process_is_seen_and_only_it_is_decoded(served) -> None:
    base, store, app = served
    views = app.state.views
    assert get_json(base + "/api/documents")["total"] == 3
    doc = Document("d_new", "Bilan : 7 morts à Namur selon la préfecture.\n", path="d.txt",
                   outlet="Le Soir", title="Sept morts", lang="fr", published="2024-03-07")
    claim = Claim(id="c9", doc="d_new", kind="killed", group="all", group_label=None,
                  low=7, high=7, qualifier="exact", quantity_text="7",
                  place=Place("Namur", "ent_namur", 50.47, 4.87), period=Period(
                      "2024-03-07", "2024-03-07", None), source=None, outlet="Le Soir",
                  sentence=doc.text.strip(), span=(8, 9), sentence_span=(0, len(doc.text) - 1))
    with Store.open(store) as writer:  # another connection: the server did not write it
        writer.save_document(doc, claims=[claim], mentions=[], dates=[])
    assert get_json(base + "/api/documents")["total"] == 4  # waited for the new views
    assert views.builds == 2
    assert views.decoded == 2  # the new document and its claim; the rest was reused
    assert get_json(base + "/api/claims?doc=d_new")["items"][0]["figure"] == 7
    forget_documents(store, ["d_new"])
    assert get_json(base + "/api/documents")["total"] == 3


def test_the_served_report_is_the_report_dict(served) -> None:
    base, store, _ = served
    served_report = get_json(base + "/api/report")
    with Store.open(store, readonly=True) as reader:
        expected = build_report(read_result(reader), texts_up_to=0)
    expected.pop("document_views")
    expected = json.loads(json.dumps(
        {k: list(v) if hasattr(v, "__iter__") and not isinstance(v, dict | str) else v
         for k, v in expected.items()}, default=str))
    assert served_report.keys() == expected.keys()
    for key, value in expected.items():
        assert served_report[key] == value, key



# --------------------------------------------------------------------------- submissions


@pytest.mark.slow
def test_articles_submitted_during_an_analysis_are_analysed_in_one_batch(tmp_path: Path
                                                                         ) -> None:
    store = fill_store(tmp_path / "recoupe.sqlite")
    analyst = Analyst(ServeConfig(store), lambda: None)
    found: dict[int, str] = {}

    def submit(n: int) -> None:
        found[n] = analyst.add_text(
            f"Crue de la Lesse.\n\nAu moins {n} personnes sont mortes à Houyet mardi, "
            "selon la préfecture.\n", {"title": f"Bilan {n}"})

    threads = [threading.Thread(target=submit, args=(n,)) for n in (21, 22, 23)]
    with analyst.lock:  # an analysis under way: the three wait for the next batch
        for thread in threads:
            thread.start()
        while analyst.waiting < 3:
            time.sleep(0.01)
    for thread in threads:
        thread.join(600)
    assert analyst.batches == 1
    assert len(set(found.values())) == 3
    with Store.open(store, readonly=True) as reader:
        held = {d.id for d in reader.documents(texts=False)}
        figures = {c.low for c in reader.claims() if c.doc in found.values()}
    assert set(found.values()) <= held and figures >= {21, 22, 23}
    analyst.process.close()
