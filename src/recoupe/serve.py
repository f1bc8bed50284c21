"""`recoupe serve`: the report's views over a SQLite store, and a way to add articles.

A thin FastAPI app over the same functions as the report file: each request opens the
store read-only, reads one snapshot, builds the report dict with
:func:`recoupe.report.build_report` and lays it out with :mod:`recoupe.report.html`.
Added articles are written as files under ``<store dir>/submitted/`` and analysed with
:func:`recoupe.pipeline.run`, exactly as ``recoupe analyze`` would.

Security (issue 8): binds 127.0.0.1 unless told otherwise; URL submission is off unless
``allow_fetch``, and then refuses loopback and private addresses; uploads and request
bodies are size-capped; no route reads a file: pages come from the store only.
"""

# No `from __future__ import annotations`: FastAPI reads the route annotations at
# definition time, and they name classes imported inside create_app.

import argparse
import dataclasses
import ipaddress
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from recoupe.errors import RecoupeError
from recoupe.records import Claim, Comparison, content_hash
from recoupe.report import build_report
from recoupe.report import html as ui
from recoupe.report.views import claim_view, document_view
from recoupe.settings import DEFAULT, Settings
from recoupe.store import Store

SUBMITTED = "submitted"
_FILTERS = ("kind", "group", "place", "source", "outlet", "since", "until")
_HTML_SUFFIXES = (".html", ".htm")
_TEXT_SUFFIXES = (".txt",)


class SubmitError(Exception):
    """A submission refused before analysis: an HTTP status and one sentence for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclasses.dataclass(frozen=True)
class ServeConfig:
    store: Path
    allow_fetch: bool = False
    max_upload: int = DEFAULT.max_bytes
    settings: Settings = DEFAULT


# --------------------------------------------------------------------------- reading


@contextmanager
def read_store(path: Path) -> Iterator[Store]:
    """The store read-only, as one consistent snapshot while an analysis may be writing."""
    with Store.open(path, readonly=True) as store, store.snapshot():
        yield store


def store_result(store: Store, filters: dict[str, str]) -> SimpleNamespace:
    """What the store holds, shaped like a RunResult, restricted to the claims filtered in.

    A comparison stays when one of its claims passes the filters, showing only those.
    """
    claims = list(store.claims(**filters))
    kept = {c.id for c in claims}
    comparisons: list[Comparison] = []
    for comparison in store.comparisons():
        members = tuple(i for i in comparison.claims if i in kept)
        if members:
            comparisons.append(dataclasses.replace(comparison, claims=members)
                               if filters else comparison)
    stories = {str(r["doc"]): str(r["story"]) for r in store.extra("stories")
               if isinstance(r, dict) and "doc" in r and "story" in r}
    return SimpleNamespace(
        documents=tuple(store.documents()), claims=tuple(claims),
        entities=tuple(store.entities()), timeline=tuple(store.timeline()),
        rejected=tuple(store.rejected()), comparisons=tuple(comparisons),
        framing=tuple(store.extra("framing")), events=tuple(store.extra("events")),
        stories=stories,
    )


def clean_filters(**values: str | None) -> dict[str, str]:
    return {k: v.strip() for k, v in values.items() if k in _FILTERS and v and v.strip()}


# --------------------------------------------------------------------------- adding


def submission_path(folder: Path, text: str, suffix: str, meta: dict[str, str | None]) -> Path:
    """Write one submitted article under ``folder`` as a file ``recoupe analyze`` reads.

    A .txt gets the CONTRACT.md header block for the metadata given; each value is kept
    to one line so a value cannot end the block early or forge another key.
    """
    folder.mkdir(parents=True, exist_ok=True)
    header = ""
    if suffix == ".txt":
        lines = [f"{key.upper()}: {' '.join(str(value).split())}"
                 for key, value in meta.items() if value and str(value).strip()]
        header = "\n".join(lines) + "\n\n" if lines else ""
    body = header + text
    path = folder / f"web-{content_hash(body)}{suffix}"
    path.write_text(body, encoding="utf-8")
    return path


def check_public_url(url: str) -> None:
    """Refuse a URL naming a loopback or private address outright (the fetcher re-checks
    the address actually connected, which also defeats DNS answers that change)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SubmitError(400, "Only http:// and https:// addresses can be fetched.")
    host = parts.hostname
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
            ".localhost"):
        raise SubmitError(400, "This address is not public; recoupe will not fetch it.")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return
    from recoupe.ingest.url import is_public_address

    if not is_public_address(str(ip)):
        raise SubmitError(400, "This address is not public; recoupe will not fetch it.")


class Analyst:
    """Runs one analysis at a time for this server (spaCy is loaded once and shared)."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        return self.config.store.parent / SUBMITTED

    def add_text(self, text: str, meta: dict[str, str | None], suffix: str = ".txt") -> dict:
        if not text.strip():
            raise SubmitError(400, "The article is empty.")
        if len(text.encode("utf-8")) > self.config.max_upload:
            raise SubmitError(413, f"The article is larger than {self.config.max_upload} bytes.")
        return self._analyse(submission_path(self.folder, text, suffix, meta))

    def add_upload(self, name: str, data: bytes, meta: dict[str, str | None]) -> dict:
        suffix = Path(name or "").suffix.lower()
        if suffix not in _HTML_SUFFIXES + _TEXT_SUFFIXES:
            raise SubmitError(415, "Upload a .txt or .html file.")
        if len(data) > self.config.max_upload:
            raise SubmitError(413, f"The file is larger than {self.config.max_upload} bytes.")
        text = data.decode("utf-8", errors="replace")
        return self.add_text(text, meta, ".html" if suffix in _HTML_SUFFIXES else ".txt")

    def add_url(self, url: str, meta: dict[str, str | None]) -> dict:
        if not self.config.allow_fetch:
            raise SubmitError(403, "Fetching URLs is off: start `recoupe serve` with "
                                   "--allow-fetch, or paste the article's text.")
        check_public_url(url)
        from recoupe.ingest.url import fetch

        fetched = fetch(url, self.config.settings, allow_private=False)
        text = fetched.body.decode(fetched.charset or "utf-8", errors="replace")
        html_like = fetched.media_type != "text/plain"
        return self.add_text(text, {**meta, "url": fetched.url},
                             ".html" if html_like else ".txt")

    def _analyse(self, path: Path) -> dict[str, Any]:
        from recoupe.pipeline import run

        with self._lock:
            result = run([str(path)], self.config.store, self.config.settings)
        doc_id = path.stem
        if result.rejected and not any(d.id == doc_id for d in result.documents):
            reasons = "; ".join(r.reason for r in result.rejected)
            raise SubmitError(422, f"The article could not be analysed: {reasons}")
        docs = {d.id: d for d in result.documents}
        claims = [c for c in result.claims if c.doc == doc_id]
        return {
            "document": doc_id,
            "claims": [claim_view(c, docs) for c in claims],
            "comparisons": [_comparison_ref(i, c) for i, c in enumerate(result.comparisons)
                            if set(c.claims) & {x.id for x in claims}],
        }


def _comparison_ref(index: int, c: Comparison) -> dict[str, Any]:
    return {"index": index, "kind": c.kind, "group": c.group, "place": c.place,
            "status": c.status, "low": c.low, "high": c.high}


# --------------------------------------------------------------------------- pages


def _nav() -> tuple[tuple[str, str], ...]:
    return (("/", "Report"), ("/add", "Add an article"), ("/docs", "API"))


def filter_form(filters: dict[str, str]) -> str:
    fields = "".join(
        f"<label>{ui.esc(name)}<input name='{name}' value='{ui.esc(filters.get(name, ''))}' "
        f"size='12'></label>" for name in _FILTERS
    )
    return (f"<section id='filters'><h2>Filter</h2><form class='inline' method='get' "
            f"action='/'>{fields}<button type='submit'>Apply</button> <a href='/'>clear</a>"
            "</form><p class='small muted'>place and source: a name or an entity id; since and "
            "until: ISO dates (2022, 2022-01, 2022-01-07).</p></section>")


def index_page(report: dict[str, Any], filters: dict[str, str], flash: str = "") -> str:
    links = ui.served_links()
    body = "".join((
        flash, filter_form(filters),
        ui.overview_section(report["overview"]),
        ui.key_figures_section(report["key_figures"]),
        ui.comparisons_section(report["comparison_views"], links),
        ui.timeline_section(report["timeline_view"], report["tolls"], links),
        ui.map_section(report["map_points"], links),
        ui.entities_section(report["entity_table"], links),
        ui.framing_section(report["framing_table"]),
        ui.claims_section(report["claim_views"], links, open_=bool(filters)),
        _documents_list(report["documents"]),
        ui.errors_section(report["errors"]),
    ))
    return ui.page("recoupe", body, _nav(), data={"overview": report["overview"]})


def _documents_list(documents: list[dict[str, Any]]) -> str:
    rows = [f"<tr><td><a href='/documents/{ui.esc(quote(d['id'], safe=''))}'>"
            f"{ui.esc(d.get('title') or d['id'])}</a></td><td>{ui.esc(d.get('outlet') or '')}"
            f"</td><td>{ui.esc(d.get('published') or '')}</td></tr>" for d in documents]
    return ui.section("documents", "Documents", ui.table(("title", "outlet", "published"), rows))


def add_form(message: str = "", allow_fetch: bool = False) -> str:
    url_field = ("<label>or an address to fetch<input name='url' type='url' size='60'></label>"
                 if allow_fetch else
                 "<p class='small muted'>Fetching an address is off on this server "
                 "(start it with --allow-fetch).</p>")
    body = (
        f"{message}<section id='add'><h2>Add an article</h2>"
        "<form method='post' action='/add' enctype='multipart/form-data'>"
        "<label>title<input name='title' size='60'></label>"
        "<label>outlet<input name='outlet' size='30'></label>"
        "<label>published (YYYY-MM-DD)<input name='published' size='12'></label>"
        "<label>text<textarea name='text'></textarea></label>"
        "<label>or a .txt / .html file<input name='file' type='file' accept='.txt,.html,.htm'>"
        f"</label>{url_field}<p><button type='submit'>Analyse</button></p></form></section>"
    )
    return ui.page("recoupe — add an article", body, _nav())


def entity_page(store: Store, entity_id: str) -> str | None:
    entity = next((e for e in store.entities() if e.id == entity_id), None)
    if entity is None:
        return None
    claims = [c for c in store.claims(place=entity_id)] + [
        c for c in store.claims(source=entity_id)]
    docs = {d.id: d for d in store.documents()}
    links = ui.served_links()
    geo = (f"<p>{entity.geo.lat:.4f}, {entity.geo.lon:.4f} · {ui.esc(entity.geo.country)}</p>"
           if entity.geo else "")
    mentions = [f"<tr><td><a href='{ui.esc(links.doc(m.doc, None))}'>{ui.esc(m.doc)}</a></td>"
                f"<td>{ui.esc(m.text)}</td><td class='small'>{ui.esc(m.sentence or '')}</td></tr>"
                for m in entity.mentions]
    body = ui.section("entity", f"{entity.canonical} ({entity.type})",
                      f"{geo}<p><b>Spellings:</b> {ui.esc(', '.join(entity.forms))}</p>"
                      + ui.table(("document", "as written", "sentence"), mentions))
    body += ui.claims_section([claim_view(c, docs) for c in _unique(claims)], links, open_=True)
    return ui.page(f"recoupe — {entity.canonical}", body, _nav())


def _unique(claims: list[Claim]) -> list[Claim]:
    seen: dict[str, Claim] = {}
    for c in claims:
        seen.setdefault(c.id, c)
    return list(seen.values())


def document_page(store: Store, doc_id: str) -> str | None:
    document = next((d for d in store.documents() if d.id == doc_id), None)
    if document is None:
        return None
    view = document_view(document, list(store.claims(doc_id)))
    return ui.page(f"recoupe — {document.title or doc_id}", ui.section(
        "document", "Document", ui.document_block(view)), _nav())


# --------------------------------------------------------------------------- app


class _BodyCap:
    """Count the bytes of every request body as they arrive and stop past the cap.

    A ``Content-Length`` header is checked up front by the guard middleware; a chunked
    body has none, so without this a client could push any amount into memory. Past
    the cap the client gets 413 at once, the app sees the client gone, and whatever
    the app still tries to send is dropped.
    """

    def __init__(self, app: Any, cap: int) -> None:
        self.app, self.cap = app, cap

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        total = 0
        refused = False

        async def capped_receive() -> Any:
            nonlocal total, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.cap:
                    refused = True
                    from fastapi.responses import JSONResponse

                    response = JSONResponse(
                        {"error": "too_large", "message": "The request is too large."},
                        status_code=413)
                    await response(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Any) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, capped_receive, guarded_send)
        except Exception:
            if not refused:
                raise


def create_app(config: ServeConfig):  # -> fastapi.FastAPI (imported lazily: optional dep)
    """The web app over ``config.store``."""
    from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
    from pydantic import BaseModel, Field

    analyst = Analyst(config)
    app = FastAPI(title="recoupe", version=_version(),
                  description="Cross-checked figures from news articles, over one store.")
    body_cap = config.max_upload + 256 * 1024  # the article plus form fields and framing
    app.add_middleware(_BodyCap, cap=body_cap)

    class Article(BaseModel):
        text: str | None = Field(None, description="the article, plain text or HTML")
        html: bool = Field(False, description="true when text is an HTML page")
        url: str | None = Field(None, description="an address to fetch (needs --allow-fetch)")
        title: str | None = None
        outlet: str | None = None
        published: str | None = Field(None, description="YYYY-MM-DD")

    @app.middleware("http")
    async def guard(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > body_cap:
            return JSONResponse({"error": "too_large", "message": "The request is too large."},
                                status_code=413)
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html") and \
                request.url.path not in ("/docs", "/redoc"):
            response.headers["Content-Security-Policy"] = ui.CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(SubmitError)
    async def submit_error(request: Request, exc: SubmitError):  # type: ignore[no-untyped-def]
        return _error_response(request, exc.status, "refused", exc.message, config)

    @app.exception_handler(RecoupeError)
    async def recoupe_error(request: Request, exc: RecoupeError):  # type: ignore[no-untyped-def]
        return _error_response(request, 400, exc.code, exc.sentence, config)

    def filters_of(kind, group, place, source, outlet, since, until) -> dict[str, str]:
        return clean_filters(kind=kind, group=group, place=place, source=source,
                             outlet=outlet, since=since, until=until)

    Q = Annotated[str | None, Query()]  # noqa: N806 (a type alias, local like its imports)

    @app.get("/", response_class=HTMLResponse, summary="The report, filtered")
    def index(kind: Q = None, group: Q = None, place: Q = None, source: Q = None,
              outlet: Q = None, since: Q = None, until: Q = None, added: Q = None) -> str:
        filters = filters_of(kind, group, place, source, outlet, since, until)
        with read_store(config.store) as store:
            report = build_report(store_result(store, filters))
        flash = ""
        if added:
            doc_href = f"/documents/{quote(added, safe='')}"
            flash = (f"<p class='flash'>Added and analysed <a href='{ui.esc(doc_href)}'>"
                     f"{ui.esc(added)}</a>.</p>")
        return index_page(report, filters, flash)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, summary="One document")
    def document(doc_id: str) -> str:
        with read_store(config.store) as store:
            page = document_page(store, doc_id)
        if page is None:
            raise HTTPException(404, "no such document")
        return page

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, summary="One entity")
    def entity(entity_id: str) -> str:
        with read_store(config.store) as store:
            page = entity_page(store, entity_id)
        if page is None:
            raise HTTPException(404, "no such entity")
        return page

    @app.get("/add", response_class=HTMLResponse, summary="The form to add an article")
    def add_page() -> str:
        return add_form(allow_fetch=config.allow_fetch)

    @app.post("/add", summary="Add an article from the form", status_code=303,
              response_class=RedirectResponse)
    def add_submit(
        text: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
        outlet: Annotated[str, Form()] = "", published: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "", file: Annotated[UploadFile | None, File()] = None,
    ) -> RedirectResponse:
        meta = {"title": title, "outlet": outlet, "date": published}
        if file is not None and file.filename:
            data = file.file.read(config.max_upload + 1)
            added = analyst.add_upload(file.filename, data, meta)
        elif url.strip():
            added = analyst.add_url(url.strip(), meta)
        else:
            added = analyst.add_text(text, meta)
        return RedirectResponse("/?" + urlencode({"added": added["document"]}), status_code=303)

    @app.post("/api/articles", status_code=201, summary="Add an article (JSON)")
    def add_article(article: Article) -> dict[str, Any]:
        meta = {"title": article.title, "outlet": article.outlet, "date": article.published}
        if article.url and not article.text:
            return analyst.add_url(article.url, meta)
        return analyst.add_text(article.text or "", meta, ".html" if article.html else ".txt")

    @app.get("/api/report", summary="The whole report dict, filtered")
    def api_report(kind: Q = None, group: Q = None, place: Q = None, source: Q = None,
                   outlet: Q = None, since: Q = None, until: Q = None) -> dict[str, Any]:
        filters = filters_of(kind, group, place, source, outlet, since, until)
        with read_store(config.store) as store:
            report = build_report(store_result(store, filters))
        report.pop("document_views")  # the texts: one document at a time, below
        return report

    @app.get("/api/claims", summary="Claims (CONTRACT.md rows), filtered")
    def api_claims(kind: Q = None, group: Q = None, place: Q = None, source: Q = None,
                   outlet: Q = None, since: Q = None, until: Q = None) -> list[dict[str, Any]]:
        filters = filters_of(kind, group, place, source, outlet, since, until)
        from recoupe.records import to_json

        with read_store(config.store) as store:
            return [to_json(c) for c in store.claims(**filters)]

    @app.get("/api/comparisons", summary="Comparisons (CONTRACT.md rows)")
    def api_comparisons() -> list[dict[str, Any]]:
        from recoupe.records import to_json

        with read_store(config.store) as store:
            return [to_json(c) for c in store.comparisons()]

    @app.get("/api/documents/{doc_id}", summary="One document's view: text runs and claims")
    def api_document(doc_id: str) -> dict[str, Any]:
        with read_store(config.store) as store:
            document = next((d for d in store.documents() if d.id == doc_id), None)
            if document is None:
                raise HTTPException(404, "no such document")
            return document_view(document, list(store.claims(doc_id)))

    return app


def _error_response(request: Any, status: int, code: str, message: str, config: ServeConfig):
    """One place turns refusals into responses: JSON for the API, the form page for people."""
    from fastapi.responses import HTMLResponse, JSONResponse

    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": code, "message": message}, status_code=status)
    return HTMLResponse(add_form(f"<p class='error'>{ui.esc(message)}</p>",
                                 allow_fetch=config.allow_fetch), status_code=status)


def _version() -> str:
    from recoupe import __version__

    return __version__


# --------------------------------------------------------------------------- command


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """The `recoupe serve` subcommand's arguments."""
    serve = subparsers.add_parser(
        "serve",
        help="browse a store's findings in a web browser, and add articles",
        description="Serve the report over a SQLite store on 127.0.0.1, with filters, "
        "entity and document pages, a form and a JSON API (OpenAPI at /docs) to add articles.",
        epilog="example: recoupe serve --store out/recoupe.sqlite --port 8000",
    )
    serve.add_argument("--store", required=True, type=Path, help="SQLite store to read")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--allow-fetch", action="store_true",
                       help="let people submit URLs (public addresses only)")
    serve.add_argument("--max-upload", type=int, default=DEFAULT.max_bytes,
                       help="largest article accepted, in bytes")
    return serve


def run_serve(args: argparse.Namespace) -> int:
    """Open (or create) the store, then serve until interrupted."""
    try:
        import uvicorn
    except ImportError:
        print("recoupe: serve needs fastapi and uvicorn: pip install 'recoupe[serve]'",
              file=sys.stderr)
        return 2
    try:
        Store.open(args.store).close()  # creates and migrates, so read-only opens work
    except Exception as exc:  # a bad path or a foreign file: one line, not a traceback
        print(f"recoupe: {args.store}: cannot open the store ({exc})", file=sys.stderr)
        return 2
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"recoupe: warning: serving on {args.host}, reachable from other machines",
              file=sys.stderr)
    config = ServeConfig(args.store, allow_fetch=args.allow_fetch, max_upload=args.max_upload)
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level="warning")
    return 0
