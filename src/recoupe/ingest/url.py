"""Fetching one ``http(s)://`` article with the standard library, defensively.

Guards: only http/https (redirects included), a per-read timeout and an overall
deadline, a size cap read in chunks, an HTML-or-text content type, a redirect
limit, and optionally (for the web server) a refusal of loopback, private,
link-local and other non-public addresses, checked on the socket actually
connected so that a DNS answer cannot swap in an internal address afterwards.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from recoupe.errors import RecoupeError
from recoupe.records import content_hash
from recoupe.settings import Settings

SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
_CHUNK = 65536
_USER_AGENT = "recoupe/0.1 (+offline news cross-checking; one article per request)"


@dataclass(frozen=True)
class Fetched:
    """A successful download: the final address, its bytes, and what the server said they are."""

    url: str
    body: bytes
    media_type: str  # "text/html", "text/plain"…
    charset: str | None


def url_id(url: str) -> str:
    """A readable, stable id: slug of host and path plus a short hash of the whole URL."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{host}{parts.path}".lower()).strip("-")[:60].strip("-")
    return f"{slug or 'url'}-{content_hash(url)[:8]}"


def is_public_address(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified IPs."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def fetch(url: str, settings: Settings, *, allow_private: bool = True) -> Fetched:
    """Download ``url`` under the guards above; raises ``RecoupeError`` with the url_* codes."""
    check_scheme(url)
    opener = _opener(settings, allow_private)
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    deadline = time.monotonic() + settings.url_timeout
    try:
        with opener.open(request, timeout=settings.url_timeout) as response:
            media_type, charset = _content_type(response.headers)
            if media_type not in HTML_TYPES + TEXT_TYPES:
                raise RecoupeError("url_type", media_type or "no content type")
            body = _read_capped(response, settings.max_bytes, deadline)
            return Fetched(response.geturl(), body, media_type, charset)
    except RecoupeError:
        raise
    except urllib.error.HTTPError as err:
        err.close()  # the error page is not read
        if 300 <= err.code < 400:
            raise RecoupeError("url_redirects", f"more than {settings.url_max_redirects}") from err
        raise RecoupeError("url_http", f"{err.code} {err.reason}") from err
    except urllib.error.URLError as err:
        raise _from_reason(err.reason) from err
    except TimeoutError as err:
        raise RecoupeError("url_timeout", f"after {settings.url_timeout:g} s") from err
    except (OSError, http.client.HTTPException) as err:
        raise RecoupeError("url_unreachable", type(err).__name__) from err


def check_scheme(url: str) -> None:
    """Raise ``url_scheme`` unless ``url`` is http or https (file://, ftp:// are refused)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        raise RecoupeError("url_scheme", f"{scheme or 'no'} scheme")


def _from_reason(reason: object) -> RecoupeError:
    """URLError wraps the real cause; a guard of ours or a timeout must keep its own code."""
    if isinstance(reason, RecoupeError):
        return reason
    if isinstance(reason, TimeoutError):
        return RecoupeError("url_timeout")
    return RecoupeError("url_unreachable", str(reason))


def _content_type(headers: Message) -> tuple[str, str | None]:
    """The media type ("" when the server names none) and the declared charset."""
    if not headers.get("Content-Type"):
        return "", None  # email.Message would default to text/plain and hide the lack
    return headers.get_content_type(), headers.get_content_charset()


def _read_capped(response: http.client.HTTPResponse, cap: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise RecoupeError("too_large", f"{declared} bytes announced, cap {cap}")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise RecoupeError("too_large", f"more than {cap} bytes")
        if time.monotonic() > deadline:
            raise RecoupeError("url_timeout", "the download took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def _guard_socket(sock: socket.socket) -> None:
    address = sock.getpeername()[0]
    if not is_public_address(address):
        sock.close()
        raise RecoupeError("url_forbidden", f"{address} is not a public address")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _guard_socket(self.sock)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _guard_socket(self.sock)


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # Same call as the parent's, with the guarded connection class.
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Counts redirects against the setting and refuses any scheme but http/https."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.max_redirections = limit

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        # Checked before the parent's own scheme check, which would raise a bare 30x error.
        location = headers.get("location") or headers.get("uri")
        if location:
            check_scheme(urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(settings: Settings, allow_private: bool) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_RedirectHandler(settings.url_max_redirects)]
    if not allow_private:
        # A proxy would be the connected peer and hide the real address: go direct.
        handlers += [urllib.request.ProxyHandler({}), _GuardedHTTPHandler(), _GuardedHTTPSHandler()]
    return urllib.request.build_opener(*handlers)
