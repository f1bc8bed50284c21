"""Fetching one ``http(s)://`` article with the standard library, defensively.

Guards: only http/https (redirects included), one deadline for the whole fetch (a server
sending one byte a second cannot hold the fetch past it: the socket is shut when the
deadline passes), a size cap read in chunks, an HTML-or-text content type, a redirect
limit, international host names sent as IDNA, and optionally (for the web server) a
refusal of loopback, private, link-local and other non-public addresses: the host name
is resolved and each address checked *before* any connection is opened, and the
connection goes to the checked address, so that neither a DNS answer nor a closed port
can tell anything about an internal address.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from typing import IO, Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from recoupe.errors import RecoupeError
from recoupe.ingest.decode import Decoded
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
    deadline = _Deadline(settings.url_timeout)
    opener = _opener(settings, allow_private, deadline)
    try:
        request = urllib.request.Request(ascii_url(url), headers={"User-Agent": _USER_AGENT})
        with deadline, opener.open(request, timeout=settings.url_timeout) as response:
            media_type, charset = _content_type(response.headers)
            if media_type not in HTML_TYPES + TEXT_TYPES:
                raise RecoupeError("url_type", media_type or "no content type")
            body = _read_capped(response, settings.max_bytes)
            deadline.check()
            return Fetched(response.geturl(), body, media_type, charset)
    except RecoupeError:
        raise
    except Exception as err:
        raise _fetch_error(err, settings, deadline.expired) from err


def _fetch_error(err: Exception, settings: Settings, expired: bool) -> RecoupeError:
    """The catalogue error for whatever stopped a fetch."""
    if expired or isinstance(err, TimeoutError):
        return RecoupeError("url_timeout", f"after {settings.url_timeout:g} s")
    if isinstance(err, urllib.error.HTTPError):
        err.close()  # the error page is not read
        if 300 <= err.code < 400:
            return RecoupeError("url_redirects", f"more than {settings.url_max_redirects}")
        return RecoupeError("url_http", f"{err.code} {err.reason}")
    if isinstance(err, urllib.error.URLError):
        return _from_reason(err.reason)
    if isinstance(err, OSError | http.client.HTTPException):
        return RecoupeError("url_unreachable", type(err).__name__)
    return RecoupeError("url_unreachable", f"invalid address ({type(err).__name__})")


def ascii_url(url: str) -> str:
    """``url`` as HTTP can send it: an international host name in IDNA ("xn--…"), other
    non-ASCII characters percent-encoded. Raises ``url_unreachable`` for a bad host name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as err:
        raise RecoupeError("url_unreachable", "invalid host name") from err
    netloc = ascii_host if ":" not in ascii_host else f"[{ascii_host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username or parts.password:
        raise RecoupeError("url_scheme", "credentials in the address")
    safe = "/%:@!$&'()*+,;=-._~?#[]"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe),
                       quote(parts.query, safe=safe), ""))


def fetched_text(fetched: Fetched) -> Decoded:
    """The text of a download, decoded by the same rules as files: the HTTP charset, then a
    ``<meta charset>``, then detection. A charset the server names but Python does not know
    is a ``RecoupeError('undecodable')``, never an exception of the codec machinery."""
    from recoupe.ingest.decode import decode
    from recoupe.ingest.html import meta_charset

    declared = fetched.charset
    if declared and not _known_codec(declared):
        raise RecoupeError("undecodable", f"unknown charset {declared[:40]!r}")
    if declared is None and fetched.media_type in HTML_TYPES:
        declared = meta_charset(fetched.body)
    return decode(fetched.body, declared)


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


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


def _read_capped(response: http.client.HTTPResponse, cap: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise RecoupeError("too_large", f"{declared} bytes announced, cap {cap}")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise RecoupeError("too_large", f"more than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class _Deadline:
    """One deadline for a whole fetch: when it passes, every socket of the fetch is shut,
    so a read blocked on a slow server returns at once (a per-read timeout would not)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                sock.close()
                raise TimeoutError("deadline passed")
            self._sockets.append(sock)

    def check(self) -> None:
        if self.expired:
            raise TimeoutError("deadline passed")

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


@dataclass
class _Policy:
    """What every connection of one fetch obeys."""

    allow_private: bool
    deadline: _Deadline
    refused: list[str] = field(default_factory=list)


def _checked_connection(policy: _Policy, address: tuple[str, int], timeout: float | None,
                        source_address: tuple[str, int] | None = None) -> socket.socket:
    """Resolve, check every address, then connect to a checked one (never to another)."""
    host, port = address
    policy.deadline.check()
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    allowed = [info for info in infos if policy.allow_private or is_public_address(str(info[4][0]))]
    if not allowed:
        raise RecoupeError("url_forbidden", f"{host} is not a public address")
    last: OSError | None = None
    for family, kind, proto, _, sockaddr in allowed:
        sock = socket.socket(family, kind, proto)
        policy.deadline.watch(sock)
        try:
            sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as err:
            sock.close()
            last = err
    raise last or OSError("no address to connect to")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    """Connects through :func:`_checked_connection` (HTTPS wraps the socket it returns)."""

    def __init__(self, *args: Any, policy: _Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_checked_connection, policy)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, policy: _Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_checked_connection, policy)


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: _Policy) -> None:
        super().__init__()
        self.policy = policy

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_GuardedHTTPConnection, policy=self.policy), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    # Set by the parent's __init__ (the default HTTPS context); typeshed does not declare it.
    _context: ssl.SSLContext | None

    def __init__(self, policy: _Policy) -> None:
        super().__init__()
        self.policy = policy

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # Same call as the parent's, with the guarded connection class.
        connection = functools.partial(_GuardedHTTPSConnection, policy=self.policy)
        return self.do_open(connection, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Counts redirects against the setting and refuses any scheme but http/https."""

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: http.client.HTTPMessage) -> Any:
        # Checked before the parent's own scheme check, which would raise a bare 30x error.
        location = headers.get("location") or headers.get("uri")
        if location:
            check_scheme(urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _redirect_handler(limit: int) -> _RedirectHandler:
    """A redirect handler allowing ``limit`` redirects (the parent reads a class attribute)."""

    class _Limited(_RedirectHandler):
        max_redirections = limit

    return _Limited()


def _opener(settings: Settings, allow_private: bool,
            deadline: _Deadline) -> urllib.request.OpenerDirector:
    policy = _Policy(allow_private, deadline)
    handlers: list[urllib.request.BaseHandler] = [
        _redirect_handler(settings.url_max_redirects),
        _GuardedHTTPHandler(policy),
        _GuardedHTTPSHandler(policy),
    ]
    if not allow_private:
        # A proxy would be the connected peer and hide the real address: go direct.
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)
