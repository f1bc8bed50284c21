"""Adding an article to a served store: checked, written as a file, analysed like
``recoupe analyze`` would, or refused with an HTTP status and one sentence.

Submitted articles are files under ``<store dir>/submitted/`` (the store then knows their
path, and a re-run of the folder finds them). A refused or failed analysis removes its
file: no orphan is left behind.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from recoupe.errors import RecoupeError
from recoupe.ingest import decode_bytes, valid_unicode
from recoupe.records import content_hash
from recoupe.serve.analysis import AnalysisProcess
from recoupe.settings import Settings, load_settings

SUBMITTED = "submitted"
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)


@dataclasses.dataclass(frozen=True)
class ServeConfig:
    store: Path
    allow_fetch: bool = False
    max_upload: int | None = None  # largest article accepted; None: the max_bytes setting
    # The settings of `recoupe analyze` (recoupe.toml, RECOUPE_* variables) unless given.
    settings: Settings = dataclasses.field(default_factory=load_settings)
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ()  # besides 127.0.0.1, localhost, ::1 and ``host``
    ui_lang: str | None = None
    header_timeout: float = 10.0

    @property
    def upload_cap(self) -> int:
        """The largest article accepted, in bytes."""
        return self.max_upload if self.max_upload is not None else self.settings.max_bytes


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
    """Refuse a URL naming a loopback or private address outright (the fetcher checks the
    address it connects to as well, which also defeats DNS answers that change)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RecoupeError("url_scheme", url[:200])
    host = parts.hostname.lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        raise RecoupeError("url_forbidden", f"{host}: not a public address")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return
    from recoupe.ingest.url import is_public_address

    if not is_public_address(str(ip)):
        raise RecoupeError("url_forbidden", f"{host}: not a public address")


class Analyst:
    """Analyses submitted articles for this server, a batch at a time, in a process of
    its own (:mod:`.analysis`).

    Articles submitted while a batch runs are analysed together in the next one. Each
    batch runs inside ``writing()`` (the served views' write guard: readers keep the
    previous views meanwhile, the new ones are ready when the request answers) and under
    ``lock`` (deletions take it too); ``on_change`` hears of each batch.
    """

    def __init__(self, config: ServeConfig, on_change: Callable[[], None],
                 writing: Callable[[], AbstractContextManager[Any]] = nullcontext) -> None:
        self.config = config
        self.on_change = on_change
        self.writing = writing
        self.lock = threading.Lock()
        self.process = AnalysisProcess()
        self.batches = 0  # analyses run (tests read it)
        self._waiting: list[tuple[Path, Future[str]]] = []
        self._waiting_lock = threading.Lock()
    @property
    def waiting(self) -> int:
        """Articles queued for the next batch."""
        with self._waiting_lock:
            return len(self._waiting)

    @property
    def folder(self) -> Path:
        return self.config.store.parent / SUBMITTED

    def add_text(self, text: str, meta: dict[str, str | None], suffix: str = ".txt") -> str:
        """Analyse one article; its document id. Lone surrogates become U+FFFD first, as
        `recoupe analyze` does, so that the text can be hashed and stored."""
        text = valid_unicode(text)[0]
        meta = {key: None if value is None else valid_unicode(value)[0]
                for key, value in meta.items()}
        if not text.strip():
            raise RecoupeError("empty")
        if len(text.encode("utf-8")) > self.config.upload_cap:
            raise RecoupeError("too_large", f"{self.config.upload_cap} bytes")
        return self._analyse(submission_path(self.folder, text, suffix, meta))

    def add_upload(self, name: str, data: bytes, meta: dict[str, str | None]) -> str:
        """Analyse an uploaded file, decoded by the same rules as a file read from disk."""
        suffix = Path(name or "").suffix.lower()
        if suffix not in HTML_SUFFIXES + TEXT_SUFFIXES:
            raise RecoupeError("unsupported", "upload a .txt or .html file")
        if len(data) > self.config.upload_cap:
            raise RecoupeError("too_large", f"{self.config.upload_cap} bytes")
        text = decode_bytes(data)
        return self.add_text(text, meta, ".html" if suffix in HTML_SUFFIXES else ".txt")

    def add_url(self, url: str, meta: dict[str, str | None]) -> str:
        if not self.config.allow_fetch:
            raise RecoupeError("fetch_disabled")
        check_public_url(url)
        from recoupe.ingest.url import fetch, fetched_text

        fetched = fetch(url, self.config.settings, allow_private=False)
        text = valid_unicode(fetched_text(fetched).text)[0]
        html_like = fetched.media_type != "text/plain"
        return self.add_text(text, {**meta, "url": fetched.url},
                             ".html" if html_like else ".txt")

    def _analyse(self, path: Path) -> str:
        """Queue ``path``; run the queue unless a batch already took it; its document id."""
        waiter: Future[str] = Future()
        with self._waiting_lock:
            self._waiting.append((path, waiter))
        with self.writing(), self.lock:
            with self._waiting_lock:
                batch, self._waiting = self._waiting, []
            if batch:
                self._run(batch)
        return waiter.result()

    def _run(self, batch: list[tuple[Path, Future[str]]]) -> None:
        paths = list(dict.fromkeys(path for path, _ in batch))
        try:
            done = self.process.run([str(p) for p in paths], self.config.store,
                                    self.config.settings)
        except Exception as exc:  # one batch's failure is a refusal, never a 500
            error = exc if isinstance(exc, RecoupeError) else RecoupeError(
                "analysis_failed", type(exc).__name__)
            for path, waiter in batch:
                path.unlink(missing_ok=True)
                waiter.set_exception(error)
            return
        finally:
            self.batches += 1
            self.on_change()
        for path, waiter in batch:
            found = done.found.get(path.name)
            if found is not None:
                waiter.set_result(found)
                continue
            path.unlink(missing_ok=True)  # no orphan file
            waiter.set_exception(RecoupeError(
                "analysis_failed", done.reasons.get(path.name, "no document was read")))


def added_summary(doc_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the API answers for an added article: its id and its claims' rows."""
    return {"document": doc_id, "claims": [r for r in rows if r["doc"] == doc_id]}
