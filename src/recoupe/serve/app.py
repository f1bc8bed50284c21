"""The FastAPI app: pages for people, a typed JSON API (CSV on request), one store.

Every read comes from the :class:`~recoupe.serve.cache.Views` snapshot, built in the
background once per change of the store; a request that only reads never builds one.
Writes (adding or deleting an article) go through one lock, and their own request waits
for the new snapshot. Every listing is paged (``limit``, ``offset``: defaults and maxima
below); what a page shows is computed once per snapshot. Errors are answered in one
place: JSON for ``/api/…``, a page for people.
"""

# No `from __future__ import annotations`: FastAPI reads the route annotations at
# definition time.

import asyncio
import csv
import io
import logging
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from recoupe.errors import RecoupeError
from recoupe.forget import forget_documents
from recoupe.ingest import valid_unicode
from recoupe.records import to_json
from recoupe.report import layout
from recoupe.report.files import neutralise_cell
from recoupe.report.templating import static_text, vendor_bytes
from recoupe.serve import pages
from recoupe.serve.cache import Views
from recoupe.serve.data import (
    FACETS,
    ClaimQuery,
    FilterError,
    Snapshot,
    check_query,
    listing,
    rows_by,
    search,
)
from recoupe.serve.models import (
    Added,
    ClaimItem,
    ClaimPage,
    ComparisonItem,
    DocumentItem,
    DocumentText,
    EntityItem,
    ErrorBody,
    FacetValue,
    Forgot,
    KeyFigure,
    Page,
    StoryItem,
    TimelineItem,
)
from recoupe.serve.security import BodyCap, FormToken, Guard, allowed_hosts
from recoupe.serve.submit import Analyst, ServeConfig, added_summary

T = TypeVar("T")
log = logging.getLogger("recoupe.serve")
STATIC = {"recoupe.css": "text/css", "recoupe.js": "text/javascript", "map.js": "text/javascript"}
VENDOR = {"leaflet.js": "text/javascript", "leaflet.css": "text/css",
          "swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}
MAX_LIMIT = 1000  # rows per page of any listing, at most
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page (1 to 1000)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="rows skipped (0 or more)")]
StoryLimit = Annotated[int, Query(ge=1, le=50, description="stories per page (1 to 50)")]
Comparison = Annotated[int | None, Query(ge=0, le=1_000_000_000,
                                         description="claims of the comparison at this index")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Opt = Annotated[str | None, Query(max_length=500)]
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody}, 404: {"model": ErrorBody}}


class Article(BaseModel):
    text: str | None = Field(None, description="the article, plain text or HTML")
    html: bool = Field(False, description="true when text is an HTML page")
    url: str | None = Field(None, description="an address to fetch (needs --allow-fetch)")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, description="YYYY-MM-DD", max_length=40)

    @field_validator("text", "url", "title", "outlet", "published")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        if value is not None:
            value.encode("utf-8")  # a lone surrogate raises: a 422, never a 500
        return value


def create_app(config: ServeConfig) -> FastAPI:
    """The web app over ``config.store``."""
    views = Views(config.store, warm=lambda snapshot: pages.index_page(snapshot, config.ui_lang))
    views.start()  # the first snapshot is built at once, not by the first visitor
    analyst = Analyst(config, lambda: None, writing=views.writing)
    token = FormToken()
    app = FastAPI(title="recoupe", version=_version(), docs_url=None, redoc_url=None,
                  description="Cross-checked figures from news articles, over one store.")
    app.add_middleware(BodyCap, cap=config.upload_cap + 256 * 1024)
    app.add_middleware(Guard, hosts=allowed_hosts(config.host, config.allowed_hosts))
    app.state.views = views
    app.state.analyst = analyst
    _errors(app, config, token)
    _assets(app)
    _pages(app, config, views, analyst, token)
    _api(app, config, views, analyst)
    return app


# --------------------------------------------------------------------------- errors


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _errors(app: FastAPI, config: ServeConfig, token: FormToken) -> None:
    def answer(request: Request, status: int, code: str, message: str,
               field: str | None = None, allowed: Sequence[str] | None = None) -> Response:
        if _wants_json(request):
            body: dict[str, Any] = {"error": code, "message": message}
            if field is not None:
                body.update(field=field, allowed=list(allowed or []))
            return JSONResponse(body, status_code=status)
        ui = request.query_params.get("ui") or config.ui_lang
        if request.url.path == "/add" and request.method == "POST":
            return HTMLResponse(pages.add_page(None, ui, token.make(), config.allow_fetch,
                                               message), status_code=status)
        return HTMLResponse(pages.error_page(ui, status, message, allowed,
                                             app.state.views.languages()),
                            status_code=status)

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, exc: FilterError) -> Response:
        return answer(request, 422, "unknown_value", str(exc), exc.name, exc.allowed)

    @app.exception_handler(RecoupeError)
    async def recoupe_error(request: Request, exc: RecoupeError) -> Response:
        status = exc.http_status if exc.http_status < 500 else 422
        return answer(request, status, exc.code, exc.sentence)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, "http_error", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}"
        return answer(request, 422, "invalid", message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("recoupe serve: %s %s failed", request.method, request.url.path)
        return answer(request, 500, "internal", "The server failed on this request.")


# --------------------------------------------------------------------------- assets


def _assets(app: FastAPI) -> None:
    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        return Response(static_text(name), media_type=STATIC[name],
                        headers={"Cache-Control": "max-age=3600"})

    @app.get("/static/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        data = vendor_bytes(name) if name in VENDOR else None
        if data is None:
            raise HTTPException(404, "no such file (run make vendor)")
        return Response(data, media_type=VENDOR[name], headers={"Cache-Control": "max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="recoupe API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,")


# --------------------------------------------------------------------------- pages


def _query(kind: str | None = None, group: str | None = None, status: str | None = None,
           outlet: str | None = None, lineage: str | None = None, place: str | None = None,
           story: str | None = None, lang: str | None = None, source: str | None = None,
           entity: str | None = None, doc: str | None = None, since: str | None = None,
           until: str | None = None, q: str | None = None,
           comparison: int | None = None) -> ClaimQuery:
    def clean(v: str | None) -> str | None:
        """Trimmed, lone surrogates made U+FFFD (they match nothing, and never a 500)."""
        return valid_unicode(v)[0].strip() or None if v else None

    given = dict(kind=kind, group=group, status=status, outlet=outlet, lineage=lineage,
                 place=place, story=story, lang=lang)
    values = {k: v for k, v in ((k, clean(v)) for k, v in given.items())
              if v is not None and k in FACETS}

    return ClaimQuery(values, clean(source), clean(entity), clean(doc), clean(since),
                      clean(until), clean(q), comparison)


def _pages(app: FastAPI, config: ServeConfig, views: Views, analyst: Analyst,
           token: FormToken) -> None:
    @app.get("/", response_class=HTMLResponse, summary="The report: stories first")
    def index(ui: Opt = None, added: Opt = None, offset: Offset = 0,
              limit: StoryLimit = 10) -> str:
        snapshot = views.current()
        flash = None
        if added:
            s = pages.ui_strings(snapshot, ui or config.ui_lang)[1]
            href = f"/documents/{quote(added, safe='')}"
            from markupsafe import Markup, escape

            flash = Markup("<p class='flash'>{} <a href='{}'>{}</a>.</p>").format(
                s.added, href, escape(added))
        return pages.index_page(snapshot, ui or config.ui_lang, flash, offset, limit,
                                added=added)

    @app.get("/claims", response_class=HTMLResponse, summary="Browse the claims")
    def browse(kind: Opt = None, group: Opt = None, status: Opt = None, outlet: Opt = None,
               lineage: Opt = None, place: Opt = None, story: Opt = None, lang: Opt = None,
               source: Opt = None, entity: Opt = None, doc: Opt = None, since: Opt = None,
               until: Opt = None, q: Opt = None, comparison: Comparison = None,
               limit: Limit = 50, offset: Offset = 0, ui: Opt = None) -> str:
        query = _query(kind, group, status, outlet, lineage, place, story, lang, source,
                       entity, doc, since, until, q, comparison)
        snapshot = views.current()
        check_query(snapshot, query)
        found = listing(snapshot, query, config.store)

        def render() -> str:
            hits = [snapshot.document(d) for d, _ in search(config.store, q, "document", 20)
                    ] if q else []
            return pages.browse_page(snapshot, ui or config.ui_lang, query, found.rows,
                                     found.facets, limit, offset, [h for h in hits if h])

        return snapshot.responses.get(("/claims", query.key(), limit, offset, ui), render)

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, summary="One entity")
    def entity(entity_id: str, ui: Opt = None) -> str:
        snapshot = views.current()
        found = snapshot.memo.get("entities_by_id", lambda: {
            e.id: e for e in snapshot.result.entities}).get(entity_id)
        if found is None:
            raise HTTPException(404, f"No entity {entity_id!r} in this store.")
        claims = listing(snapshot, ClaimQuery({}, entity=entity_id), config.store).rows
        return pages.entity_page(snapshot, ui or config.ui_lang, found, claims)

    @app.get("/add", response_class=HTMLResponse, summary="The form to add an article")
    def add_form(ui: Opt = None) -> str:
        return pages.add_page(views.current(), ui or config.ui_lang, token.make(),
                              config.allow_fetch)

    @app.post("/add", summary="Add an article from the form", status_code=303,
              response_class=RedirectResponse)
    async def add_submit(request: Request) -> RedirectResponse:
        # Parsed here, not by Form() parameters: a part may be as large as the upload cap
        # (starlette's default stops at 1 MB).
        form = await request.form(max_files=1, max_fields=20,
                                  max_part_size=config.upload_cap + 1024)
        if not token.check(str(form.get("token") or "")):
            raise RecoupeError("stale_form")
        fields = {k: str(form.get(k) or "") for k in ("text", "title", "outlet", "published",
                                                      "url")}
        meta: dict[str, str | None] = {"title": fields["title"], "outlet": fields["outlet"],
                                       "date": fields["published"]}
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read(config.upload_cap + 1)
            doc_id = await _writing(analyst.add_upload, upload.filename, data, meta)
        elif fields["url"].strip():
            doc_id = await _writing(analyst.add_url, fields["url"].strip(), meta)
        else:
            doc_id = await _writing(analyst.add_text, fields["text"], meta)
        return RedirectResponse("/?" + urlencode({"added": doc_id}), status_code=303)

    _document_pages(app, config, views, analyst, token)


def _document_pages(app: FastAPI, config: ServeConfig, views: Views, analyst: Analyst,
                    token: FormToken) -> None:
    @app.get("/documents", response_class=HTMLResponse, summary="The documents, a page at a time")
    def documents(story: Opt = None, limit: Limit = 100, offset: Offset = 0,
                  ui: Opt = None) -> str:
        snapshot = views.current()
        rows = _document_rows(snapshot, story)
        return snapshot.responses.get(("/documents", story, limit, offset, ui), lambda: (
            pages.documents_page(snapshot, ui or config.ui_lang, rows, offset, limit, story)))

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, summary="One document")
    def document(doc_id: str, ui: Opt = None) -> str:
        snapshot = views.current()
        lang = pages.ui_strings(snapshot, ui or config.ui_lang)[0]

        def render() -> str | None:
            view = pages.cached_document(snapshot, config.store, doc_id)
            return None if view is None else pages.document_page(
                snapshot, lang, view, token.make())

        key = pages.document_key(snapshot, doc_id)
        page = render() if key is None else snapshot.shared.get(("document_page", key, lang),
                                                                 render)
        if page is None:
            raise HTTPException(404, f"No document {doc_id!r} in this store.")
        return page

    @app.post("/documents/{doc_id:path}/delete", summary="Delete a document (form)",
              response_class=RedirectResponse, status_code=303)
    async def delete_form(doc_id: str, request: Request) -> RedirectResponse:
        form = await request.form(max_fields=10, max_part_size=4096)
        if not token.check(str(form.get("token") or "")):
            raise HTTPException(403, "The form is out of date: reload the page and retry.")
        await _writing(_forget, config, analyst, views, doc_id)
        return RedirectResponse("/", status_code=303)


# Writes wait (for the analysis, for the lock) in threads of their own: a queue of
# submissions never takes the threads that answer reads.
_WRITE_THREADS = ThreadPoolExecutor(max_workers=64, thread_name_prefix="recoupe-write")


async def _writing(call: Callable[..., T], *args: Any) -> T:
    return await asyncio.wrap_future(_WRITE_THREADS.submit(call, *args))


def _forget(config: ServeConfig, analyst: Analyst, views: Views, doc_id: str) -> Forgot:
    with views.writing(), analyst.lock:
        done = forget_documents(config.store, [doc_id])
    if not done.removed:
        raise HTTPException(404, f"No document {doc_id!r} in this store.")
    return Forgot(removed=list(done.removed), unknown=list(done.unknown))


# --------------------------------------------------------------------------- api


def _csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    """Rows as CSV; a cell starting like a formula (= + - @) is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise_cell(_cell(row.get(c))) for c in columns])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def _listing(model: type[BaseModel], rows: Sequence[dict[str, Any]], limit: int, offset: int,
             fmt: str, name: str, snapshot: Snapshot, key: Hashable = ()) -> Response:
    """One page of ``rows``: CSV, or JSON checked against ``model`` and encoded once per
    snapshot and page (a page read again is bytes already made)."""
    if fmt == "csv":
        return _csv(rows[offset: offset + limit], list(model.model_fields), name)
    return _json(snapshot, (name, key, limit, offset), Page[model],  # type: ignore[valid-type]
                 lambda: _page(rows, limit, offset))


def _page(rows: Sequence[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(rows), "limit": limit, "offset": offset,
            "items": list(rows[offset: offset + limit])}


def _json(snapshot: Snapshot, key: Hashable, model: type[BaseModel],
          make: Callable[[], dict[str, Any]]) -> Response:
    body = snapshot.responses.get(
        key, lambda: model.model_validate(make()).model_dump_json().encode("utf-8"))
    return Response(body, media_type="application/json")


def _api(app: FastAPI, config: ServeConfig, views: Views, analyst: Analyst) -> None:
    @app.get("/api/claims", response_model=ClaimPage, responses=ERRORS,
             summary="Claims, filtered, with facet counts")
    def api_claims(kind: Opt = None, group: Opt = None, status: Opt = None,
                   outlet: Opt = None, lineage: Opt = None, place: Opt = None,
                   story: Opt = None, lang: Opt = None, source: Opt = None, entity: Opt = None,
                   doc: Opt = None, since: Opt = None, until: Opt = None, q: Opt = None,
                   comparison: Comparison = None, limit: Limit = 100, offset: Offset = 0,
                   format: Format = "json") -> Any:
        query = _query(kind, group, status, outlet, lineage, place, story, lang, source,
                       entity, doc, since, until, q, comparison)
        snapshot = views.current()
        check_query(snapshot, query)
        found = listing(snapshot, query, config.store)
        if format == "csv":
            return _listing(ClaimItem, found.rows, limit, offset, format, "claims", snapshot)

        def page() -> dict[str, Any]:
            return {**_page(found.rows, limit, offset), "facets": {
                n: [FacetValue(value=v, count=c) for v, c in values]
                for n, values in found.facets.items()}}

        return _json(snapshot, ("claims", query.key(), limit, offset), ClaimPage, page)

    @app.get("/api/entities", response_model=Page[EntityItem], responses=ERRORS,
             summary="Entities with their claim counts")
    def api_entities(type: Opt = None, q: Opt = None, limit: Limit = 100,
                     offset: Offset = 0, format: Format = "json") -> Any:
        snapshot = views.current()
        rows = snapshot.memo.get("entity_rows", lambda: _entity_rows(snapshot))
        if type:
            kinds = sorted({r["type"] for r in rows})
            if type not in kinds:
                raise FilterError("type", type, kinds)
            rows = [r for r in rows if r["type"] == type]
        if q:
            rows = [r for r in rows if q.casefold() in " ".join(
                [r["canonical"], *r["forms"]]).casefold()]
        return _listing(EntityItem, rows, limit, offset, format, "entities", snapshot,
                        (type, q))

    _api_documents(app, config, views, analyst)
    _api_derived(app, config, views)


def _document_rows(snapshot: Any, story: str | None) -> list[dict[str, Any]]:
    """The documents with their claim counts (of one story when ``story``)."""
    rows: list[dict[str, Any]] = snapshot.memo.get("document_rows", lambda: [
        {**d, "claims": counts.get(d["id"], 0)} for counts in [rows_by(snapshot.rows, "doc")]
        for d in snapshot.documents])
    if story is None:
        return rows
    stories = snapshot.memo.get("story_ids", lambda: sorted(
        {str(d["story"]) for d in snapshot.documents if d["story"] is not None}))
    if story not in stories:
        raise FilterError("story", story, stories)
    return snapshot.memo.get(("document_rows", story),
                             lambda: [d for d in rows if d["story"] == story])


def _api_documents(app: FastAPI, config: ServeConfig, views: Views, analyst: Analyst) -> None:
    @app.get("/api/documents", response_model=Page[DocumentItem], responses=ERRORS,
             summary="Documents")
    def api_documents(story: Opt = None, limit: Limit = 100, offset: Offset = 0,
                      format: Format = "json") -> Any:
        snapshot = views.current()
        rows = _document_rows(snapshot, story)
        return _listing(DocumentItem, rows, limit, offset, format, "documents", snapshot,
                        story)

    @app.get("/api/documents/{doc_id:path}", response_model=DocumentText, responses=ERRORS,
             summary="One document's view: text runs and claims")
    def api_document(doc_id: Annotated[str, Path()]) -> Any:
        view = pages.cached_document(views.current(), config.store, doc_id)
        if view is None:
            raise HTTPException(404, f"No document {doc_id!r} in this store.")
        return view

    @app.delete("/api/documents/{doc_id:path}", response_model=Forgot, responses=ERRORS,
                summary="Delete a document; everything derived is recomputed")
    async def api_delete(doc_id: Annotated[str, Path()]) -> Forgot:
        return await _writing(_forget, config, analyst, views, doc_id)

    @app.post("/api/articles", status_code=201, response_model=Added, responses=ERRORS,
              summary="Add an article (JSON)")
    async def add_article(article: Article) -> Any:
        meta = {"title": article.title, "outlet": article.outlet, "date": article.published}
        if article.url and not article.text:
            doc_id = await _writing(analyst.add_url, article.url, meta)
        else:
            doc_id = await _writing(analyst.add_text, article.text or "", meta,
                                    ".html" if article.html else ".txt")
        snapshot = await _writing(views.current)
        return added_summary(doc_id, listing(snapshot, ClaimQuery({}, doc=doc_id),
                                             config.store).rows)


def _api_derived(app: FastAPI, config: ServeConfig, views: Views) -> None:
    @app.get("/api/comparisons", response_model=Page[ComparisonItem], summary="Comparisons")
    def api_comparisons(limit: Limit = 100, offset: Offset = 0,
                        format: Format = "json") -> Any:
        snapshot = views.current()
        rows = snapshot.memo.get("comparison_rows", lambda: [
            _comparison_row(i, c) for i, c in enumerate(snapshot.result.comparisons)])
        return _listing(ComparisonItem, rows, limit, offset, format, "comparisons", snapshot)

    @app.get("/api/timeline", response_model=Page[TimelineItem], summary="Dated happenings")
    def api_timeline(limit: Limit = 100, offset: Offset = 0, format: Format = "json") -> Any:
        snapshot = views.current()
        rows = snapshot.memo.get("timeline_rows", lambda: [
            {"date": e.date, "precision": e.precision, "summary": e.summary,
             "documents": sorted({m.doc for m in e.mentions})}
            for e in snapshot.result.timeline])
        return _listing(TimelineItem, rows, limit, offset, format, "timeline", snapshot)

    @app.get("/api/stories", response_model=Page[StoryItem], summary="Stories, largest first")
    def api_stories(limit: Limit = 100, offset: Offset = 0, format: Format = "json",
                    ui: Opt = None) -> Any:
        snapshot = views.current()
        lang, s = pages.ui_strings(snapshot, ui or config.ui_lang)
        rows = snapshot.memo.get(("story_rows", lang), lambda: _story_rows(snapshot, s))
        return _listing(StoryItem, rows, limit, offset, format, "stories", snapshot, lang)

    @app.get("/api/report", summary="The whole report dict (no article texts)",
             response_class=Response,
             responses={200: {"content": {"application/json": {}}}})
    def api_report() -> Response:
        return Response(views.current().report_json(), media_type="application/json")


def _story_rows(snapshot: Any, s: Any) -> list[dict[str, Any]]:
    stories = layout.story_views(snapshot.report, layout.document_labels(snapshot.documents), s)
    return [{"id": st["id"], "label": st["label"],
             "documents": [d["id"] for d in st["documents"]],
             "comparisons": len(st["comparisons"]),
             "key_figures": [KeyFigure(**{k: r[k] for k in KeyFigure.model_fields})
                             for r in st["key_figures"]]} for st in stories]


def _entity_rows(snapshot: Any) -> list[dict[str, Any]]:
    claims: dict[str, int] = {}
    for row in snapshot.rows:
        for key in {row["place_entity"], row["source_entity"]} - {None}:
            claims[key] = claims.get(key, 0) + 1
    rows = []
    for e in snapshot.result.entities:
        rows.append({"id": e.id, "canonical": e.canonical, "type": e.type,
                     "forms": sorted(set(e.forms)), "mentions": len(e.mentions),
                     "documents": len({m.doc for m in e.mentions}),
                     "claims": claims.get(e.id, 0),
                     "lat": e.geo.lat if e.geo else None, "lon": e.geo.lon if e.geo else None,
                     "country": e.geo.country if e.geo else None})
    return sorted(rows, key=lambda r: (-r["claims"], -r["mentions"], r["canonical"]))


def _comparison_row(index: int, c: Any) -> dict[str, Any]:
    data = to_json(c)
    return {"index": index, "kind": c.kind, "group": c.group, "place": c.place,
            "status": c.status, "low": c.low, "high": c.high, "headline": c.headline,
            "headline_lineage": c.headline_lineage, "story": c.story or None,
            "note": c.note, "claims": list(data["claims"])}


def _version() -> str:
    from recoupe import __version__

    return __version__

