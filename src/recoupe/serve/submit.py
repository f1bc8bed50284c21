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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from recoupe.errors import RecoupeError
from recoupe.records import content_hash
from recoupe.settings import DEFAULT, Settings

SUBMITTED = "submitted"
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)


class SubmitError(Exception):
    """A submission refused before or during analysis: an HTTP status and one sentence."""

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
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ()  # besides 127.0.0.1, localhost, ::1 and ``host``
    ui_lang: str | None = None
    header_timeout: float = 10.0


def valid_unicode(value: str | None, what: str) -> str | None:
    """The value, or a 422 when it holds a lone surrogate (it could not be stored)."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SubmitError(422, f"The {what} holds invalid Unicode (a lone surrogate).") from None
    return value


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
        raise SubmitError(400, "Only http:// and https:// addresses can be fetched.")
    host = parts.hostname.lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        raise SubmitError(400, "This address is not public; recoupe will not fetch it.")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return
    from recoupe.ingest.url import is_public_address

    if not is_public_address(str(ip)):
        raise SubmitError(400, "This address is not public; recoupe will not fetch it.")


class Analyst:
    """Runs one analysis at a time for this server; ``on_change`` hears of each write."""

    def __init__(self, config: ServeConfig, on_change: Callable[[], None]) -> None:
        self.config = config
        self.on_change = on_change
        self.lock = threading.Lock()

    @property
    def folder(self) -> Path:
        return self.config.store.parent / SUBMITTED

    def add_text(self, text: str, meta: dict[str, str | None], suffix: str = ".txt") -> str:
        """Analyse one article; its document id."""
        valid_unicode(text, "text")
        for key, value in meta.items():
            valid_unicode(value, key)
        if not text.strip():
            raise SubmitError(400, "The article is empty.")
        if len(text.encode("utf-8")) > self.config.max_upload:
            raise SubmitError(413, f"The article is larger than {self.config.max_upload} bytes.")
        return self._analyse(submission_path(self.folder, text, suffix, meta))

    def add_upload(self, name: str, data: bytes, meta: dict[str, str | None]) -> str:
        suffix = Path(name or "").suffix.lower()
        if suffix not in HTML_SUFFIXES + TEXT_SUFFIXES:
            raise SubmitError(415, "Upload a .txt or .html file.")
        if len(data) > self.config.max_upload:
            raise SubmitError(413, f"The file is larger than {self.config.max_upload} bytes.")
        text = data.decode("utf-8", errors="replace")
        return self.add_text(text, meta, ".html" if suffix in HTML_SUFFIXES else ".txt")

    def add_url(self, url: str, meta: dict[str, str | None]) -> str:
        if not self.config.allow_fetch:
            raise SubmitError(403, "Fetching URLs is off: start `recoupe serve` with "
                                   "--allow-fetch, or paste the article's text.")
        check_public_url(url)
        from recoupe.ingest.url import fetch, fetched_text

        fetched = fetch(url, self.config.settings, allow_private=False)
        text = fetched_text(fetched).text
        html_like = fetched.media_type != "text/plain"
        return self.add_text(text, {**meta, "url": fetched.url},
                             ".html" if html_like else ".txt")

    def _analyse(self, path: Path) -> str:
        from recoupe.pipeline import run

        doc_id = path.stem
        try:
            with self.lock:
                result = run([str(path)], self.config.store, self.config.settings)
        except RecoupeError:
            path.unlink(missing_ok=True)
            raise
        except Exception as exc:  # one article's failure is a refusal, never a 500
            path.unlink(missing_ok=True)
            raise SubmitError(422, "The article could not be analysed "
                                   f"({type(exc).__name__}).") from exc
        finally:
            self.on_change()
        ids = {d.id for d in result.documents}
        found = doc_id if doc_id in ids else next(
            (d.id for d in result.documents if d.path and Path(d.path).name == path.name), None)
        if found is None:
            path.unlink(missing_ok=True)
            reasons = "; ".join(r.reason for r in result.rejected) or "no document was read"
            raise SubmitError(422, f"The article could not be analysed: {reasons}")
        return found


def added_summary(doc_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the API answers for an added article: its id and its claims' rows."""
    return {"document": doc_id, "claims": [r for r in rows if r["doc"] == doc_id]}
