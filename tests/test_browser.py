"""What a person sees, in a real browser: Playwright driving Debian's chromium.

The report of the shared corpus is opened offline at phone and desktop widths; `recoupe
serve` runs under uvicorn on 127.0.0.1 (a free port, in a thread); a hostile article is
rendered and must not run. Screenshots land in tests/screenshots/ (git-ignored) for a
person to look at. Every test here is marked slow.
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

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    # `make test` installs it; a missing browser is a broken setup, not a reason to skip.
    pytest.fail("Debian's chromium is not installed (make test runs apt-get install chromium)",
                pytrace=False)

SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
WIDTHS = (390, 1400)
# Every hostile payload sets window.__pwned when it runs.
PWNED = "window.__pwned === undefined"
# WCAG 2 contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = """
(selector) => {
  function rgb(c){ return (c.match(/[\\d.]+/g) || []).map(Number); }
  function lum(c){ const [r,g,b] = rgb(c).slice(0,3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126*r + 0.7152*g + 0.0722*b; }
  function back(el){ for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor, v = rgb(c);
      if (v.length === 3 || (v.length === 4 && v[3] > 0.5)) return c; }
    return 'rgb(255, 255, 255)'; }
  const out = [];
  document.querySelectorAll(selector).forEach(el => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !el.textContent.trim()) return;
    const a = lum(getComputedStyle(el).color), b = lum(back(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push([el.textContent.trim().slice(0, 30), ratio.toFixed(2)]);
  });
  return out;
}
"""
TEXT_SELECTORS = ("header.top a, header.top h1, .badge, .muted, main a, th, td, h2, h3, p, "
                  "label, summary, mark.q, .count")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


def _page(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.requests = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: page.requests.append(r.url))
    return context, page


@pytest.fixture()
def page(browser):
    context, page = _page(browser, 1280)
    yield page
    context.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(browser, request):
    context, page = _page(browser, request.param)
    page.width = request.param  # type: ignore[attr-defined]
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


def offline(page) -> None:
    """Cut the network: only the file itself and the local server may answer."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "http://127.0.0.1", "data:")) else route.abort())


def _key_figure(page, status: str, values: tuple[int, ...]) -> int:
    """How many key-figure rows of ``status`` list every value of ``values``."""
    rows = page.locator(f"table.key-figures tr.kf[data-status='{status}']")
    found = 0
    for i in range(rows.count()):
        said = {int(v) for v in (rows.nth(i).get_attribute("data-values") or "").split()}
        found += set(values) <= said
    return found


def assert_readable(page) -> None:
    """No horizontal scroll, every nav link visible, every text at WCAG AA contrast,
    and no request left the machine."""
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    links = page.locator("header.top nav a")
    assert links.count() >= 3
    for i in range(links.count()):
        link = links.nth(i)
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate(CONTRAST_JS, TEXT_SELECTORS) == []
    assert [u for u in page.requests if not u.startswith(
        ("file:", "http://127.0.0.1", "data:", "about:"))] == []


def visible_label_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#leaflet-map .map-label:not(.hidden)",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {l: r.left, r: r.right, t: r.top, b: r.bottom, text: e.textContent}; })")


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]]


# --------------------------------------------------------------------------- report.html


def test_report_reads_at_every_width_offline(corpus_run: Path, sized) -> None:
    offline(sized)
    sized.goto((corpus_run / "report.html").as_uri(), wait_until="load")
    assert sized.locator("html").get_attribute("lang") == "fr"
    assert sized.locator("#stories").is_visible()
    assert_readable(sized)
    shot(sized, f"report-{sized.width}")
    shot(sized, f"report-{sized.width}-full", full_page=True)


def test_skip_link_comes_first(corpus_run: Path, page) -> None:
    page.goto((corpus_run / "report.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, "
                            "document.activeElement.getAttribute('href')]")
    assert focused == ["skip", "#main"]
    assert page.locator("a.skip").is_visible()


def settled_overlaps(page, tries: int = 30) -> list:
    """The overlapping labels once the map has settled: the zoom animation and the
    declutter pass after it take longer on a loaded machine, so look again a few times
    (a wait, not a timing assertion)."""
    page.wait_for_timeout(400)  # the zoom has begun (250 ms animation on a calm machine)
    found = overlapping(visible_label_boxes(page))
    for _ in range(tries):
        if not found and not page.locator("#leaflet-map.leaflet-zoom-anim").count():
            break
        page.wait_for_timeout(200)
        found = overlapping(visible_label_boxes(page))
    return found


def test_map_draws_borders_and_labels_that_never_overlap(corpus_run: Path, sized) -> None:
    offline(sized)
    sized.goto((corpus_run / "report.html").as_uri(), wait_until="load")
    sized.locator("#map").scroll_into_view_if_needed()
    borders = sized.locator("#leaflet-map .leaflet-overlay-pane path")
    assert borders.count() >= 10  # Kazakhstan and its neighbours, from Natural Earth
    circles = sized.locator("#leaflet-map .leaflet-marker-pane, #leaflet-map path.leaflet-"
                            "interactive")
    assert circles.count() >= 3
    boxes = visible_label_boxes(sized)
    assert len(boxes) >= 3 and overlapping(boxes) == []
    assert "(" in " ".join(b["text"] for b in boxes)  # a toll is written by its place
    sized.locator("#leaflet-map .leaflet-control-zoom-in").click()
    assert settled_overlaps(sized) == []
    sized.locator("#map").screenshot(path=str(SHOTS / f"map-{sized.width}.png"))


def test_map_kind_changes_the_circles_and_the_legend(corpus_run: Path, page) -> None:
    page.goto((corpus_run / "report.html").as_uri())
    assert page.locator("#map-kind").input_value() == "killed"
    legend = page.locator("#map-kind-label").inner_text()
    options = page.locator("#map-kind option")
    other = next(options.nth(i).get_attribute("value") for i in range(options.count())
                 if options.nth(i).get_attribute("value") != "killed")
    page.select_option("#map-kind", other)
    assert page.locator("#map-kind-label").inner_text() != legend
    assert overlapping(visible_label_boxes(page)) == []


def test_key_figures_show_the_update_and_the_conflict(corpus_run: Path, page) -> None:
    page.goto((corpus_run / "report.html").as_uri())
    assert _key_figure(page, "update", (225, 238)) >= 1
    assert _key_figure(page, "conflict", (1000, 4578)) >= 1
    page.locator("table.key-figures").first.screenshot(path=str(SHOTS / "key-figures.png"))


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
    app = create_app(ServeConfig(store, port=port))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
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
    app.state.analyst.process.close()  # as `recoupe serve` does when it stops


@pytest.mark.parametrize("path", ["/", "/claims?kind=killed", "/add"])
def test_served_pages_read_at_every_width(server: str, sized, path: str) -> None:
    offline(sized)
    sized.goto(server + path, wait_until="load")
    assert_readable(sized)
    name = path.strip("/").split("?")[0] or "index"
    shot(sized, f"serve-{name}-{sized.width}")


def test_facets_are_reachable_by_keyboard(server: str, page) -> None:
    page.goto(server + "/claims")
    first = page.locator("#facets a").first
    first.focus()
    label = first.inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=" in page.url or "group=" in page.url
    assert page.locator("#facets a.on").first.inner_text() == label


def test_swagger_ui_renders_with_the_network_cut(server: str, page) -> None:
    offline(page)
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 8
    assert all(u.startswith("http://127.0.0.1") for u in page.requests)
    shot(page, "serve-docs")


def test_added_article_appears_in_the_comparison(server: str, page) -> None:
    page.goto(server + "/add")
    page.fill("input[name=title]", "Kazakhstan : nouveau bilan")
    page.fill("input[name=outlet]", "La Gazette du test")
    page.fill("input[name=published]", "2022-01-15")
    page.fill("textarea[name=text]", (
        "Kazakhstan : nouveau bilan\n\nAu Kazakhstan, les émeutes de janvier ont fait "
        "231 morts, selon le parquet général, qui a publié samedi un nouveau bilan."))
    # The first article starts the server's analysis process (spawn, spaCy): the click waits
    # for its navigation as long as wait_for_url does, not Playwright's default 30 s.
    page.click("button[type=submit]", timeout=120_000)
    page.wait_for_url("**/?added=*", timeout=120_000)
    assert page.locator(".flash").is_visible()
    cards = page.locator(".story .claim", has_text="La Gazette du test")
    assert cards.count() >= 1
    assert "231" in cards.first.locator("mark.q").inner_text()
    assert page.locator("tr.kf[data-kind='killed']").count() >= 1
    page.goto(server + "/claims?outlet=La%20Gazette%20du%20test")
    assert "231" in page.locator("#results tbody").inner_text()
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
        "html": False}, timeout=120_000)  # the first article starts the analysis process
    assert response.status == 201, response.text()
    doc = response.json()["document"]
    for path in ("/", f"/documents/{doc}", "/claims?q=%3Cimg",
                 "/claims?outlet=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"):
        page.goto(server + path)
        _assert_inert(page)
    shot(page, "hostile-served")


def _assert_inert(page) -> None:
    """Nothing ran, and nothing is left that could run with a looser policy."""
    assert page.evaluate(PWNED)
    assert page.dialogs == []
    scripts = page.eval_on_selector_all(
        "script", "els => els.map(e => [e.type, e.getAttribute('src') || ''])")
    assert all(kind == "application/json" or not src or src.startswith("/static/")
               for kind, src in scripts)
    assert len([s for s in scripts if s[0] != "application/json"]) <= 3  # ours only
    assert page.locator("[onerror], [onload], [onmouseover], [onclick]").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]
