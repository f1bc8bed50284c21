"""What a person sees, in a real browser: Playwright driving Debian's chromium.

The report of the shared corpus is opened offline; `recoupe serve` runs under uvicorn on
127.0.0.1 (a free port, in a thread); a hostile article is rendered and must not run.
Screenshots land in tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright  # a test dependency: never skipped

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    # `make test` installs it; a missing browser is a broken setup, not a reason to skip.
    pytest.fail("Debian's chromium is not installed (make test runs apt-get install chromium)",
                pytrace=False)

SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
# Every hostile payload sets window.__pwned when it runs.
PWNED = "window.__pwned === undefined"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


@pytest.fixture(scope="session")
def corpus_run(corpus_dir: Path, tmp_path_factory) -> Path:
    """The shared corpus analysed once: its output folder (report.html and the store)."""
    from recoupe.pipeline import run
    from recoupe.report import write_output_folder

    out = tmp_path_factory.mktemp("corpus-out")
    result = run([str(corpus_dir)], out / "recoupe.sqlite")
    write_output_folder(out, result)
    return out


def shot(page, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _key_figure(page, status: str, values: tuple[int, ...]) -> int:
    """How many key-figure rows of ``status`` list every value of ``values``."""
    rows = page.locator(f"table.key-figures tr.kf[data-status='{status}']")
    found = 0
    for i in range(rows.count()):
        said = {int(v) for v in (rows.nth(i).get_attribute("data-values") or "").split()}
        found += set(values) <= said
    return found


# --------------------------------------------------------------------------- report.html


def test_report_opens_fast_and_small(corpus_run: Path, page) -> None:
    report = corpus_run / "report.html"
    assert report.stat().st_size < 2_000_000
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(
        "file:") else route.continue_())  # the network is cut: nothing may be fetched
    started = time.monotonic()
    page.goto(report.as_uri(), wait_until="load")
    assert time.monotonic() - started < 1.0
    assert page.locator("#key-figures").is_visible()
    assert page.locator("#map svg.map circle").count() >= 1
    shot(page, "report-top")
    shot(page, "report-full", full_page=True)


def test_key_figures_show_the_update_and_the_conflict(corpus_run: Path, page) -> None:
    page.goto((corpus_run / "report.html").as_uri())
    assert _key_figure(page, "update", (225, 238)) >= 1
    assert _key_figure(page, "conflict", (1000, 4578)) >= 1
    page.locator("#key-figures").screenshot(path=str(SHOTS / "key-figures.png"))


def test_clicking_a_claim_lands_on_its_highlighted_sentence(corpus_run: Path, page) -> None:
    page.goto((corpus_run / "report.html").as_uri())
    page.locator("#claims summary").click()
    link = page.locator("#claims a.claim-link").nth(1)
    quantity = link.locator("mark.q").inner_text()
    link.click()
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    sentence = page.locator(".s.target")
    assert sentence.count() >= 1
    assert sentence.first.is_visible() and sentence.first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight }")
    assert quantity in " ".join(sentence.all_inner_texts())
    assert page.locator(f"[id='{target}']").get_attribute("data-claim") == target
    shot(page, "claim-target")


# --------------------------------------------------------------------------- serve


@pytest.fixture()
def server(corpus_run: Path, tmp_path: Path) -> Iterator[str]:
    """`recoupe serve` on a copy of the corpus store, under uvicorn on a free local port."""
    import uvicorn

    from recoupe.serve import ServeConfig, create_app

    store = tmp_path / "recoupe.sqlite"
    shutil.copy(corpus_run / "recoupe.sqlite", store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(ServeConfig(store)), host="127.0.0.1", port=port,
                            log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)


def test_added_article_appears_in_the_comparison(server: str, page) -> None:
    page.goto(server + "/add")
    page.fill("input[name=title]", "Kazakhstan : nouveau bilan")
    page.fill("input[name=outlet]", "La Gazette du test")
    page.fill("input[name=published]", "2022-01-15")
    page.fill("textarea[name=text]", (
        "Kazakhstan : nouveau bilan\n\nAu Kazakhstan, les émeutes de janvier ont fait "
        "231 morts, selon le parquet général, qui a publié samedi un nouveau bilan."))
    shot(page, "serve-add-form")
    page.click("button[type=submit]")
    page.wait_for_url("**/?added=*", timeout=60_000)
    assert page.locator(".flash").is_visible()
    row = page.locator("#claims tr", has_text="La Gazette du test")
    assert "231" in (row.first.locator("mark.q").text_content() or "")
    cards = page.locator("#comparisons .claim", has_text="La Gazette du test")
    assert cards.count() >= 1
    assert "231" in cards.first.locator("mark.q").inner_text()
    assert page.locator("tr.kf[data-kind='killed']").count() >= 1
    cards.first.scroll_into_view_if_needed()
    shot(page, "serve-added")


def test_hostile_article_does_not_run(tmp_path: Path, page) -> None:
    from recoupe.report import write_output_folder
    from test_report import hostile_result

    write_output_folder(tmp_path, hostile_result())
    page.goto((tmp_path / "report.html").as_uri())
    _assert_inert(page)
    page.locator("#claims summary").click()
    page.locator("#claims a.claim-link").first.click()
    _assert_inert(page)
    shot(page, "hostile-report", full_page=True)


def test_hostile_article_served_does_not_run(server: str, page) -> None:
    from test_report import HOSTILE, HOSTILE_TEXT

    response = page.request.post(server + "/api/articles", data={
        "text": HOSTILE_TEXT, "title": HOSTILE, "outlet": "<img src=x onerror=alert(1)>",
        "html": False})
    assert response.status == 201, response.text()
    doc = response.json()["document"]
    for path in ("/", f"/documents/{doc}", "/?outlet=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"):
        page.goto(server + path)
        _assert_inert(page)
    shot(page, "hostile-served")


def _assert_inert(page) -> None:
    """Nothing ran, and nothing is left that could run with a looser policy."""
    assert page.evaluate(PWNED)
    assert page.dialogs == []
    assert page.locator("script").count() <= 2  # our code and our JSON block
    assert page.locator("[onerror], [onload], [onmouseover], [onclick]").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]
