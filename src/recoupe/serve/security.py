"""The server's guards: Host allow-list, cross-site write refusal, body cap, headers,
and a deadline for a connection's request headers.

- **Host** (DNS rebinding): only 127.0.0.1, localhost, ::1, the bound host and hosts
  given are served; anything else gets 400 before any route runs.
- **CSRF**: a state-changing request (POST, PUT, PATCH, DELETE) whose ``Origin`` (or,
  without one, ``Referer``) names another origin is refused (403). Browsers always send
  one of them on a cross-site form post; a client that sends neither (curl, a script)
  is not a browser a page can drive. The HTML forms also carry a token
  (:func:`form_token`) checked by the route.
- **Headers**: ``Content-Security-Policy`` with ``frame-ancestors 'none'``, nosniff,
  ``Referrer-Policy: same-origin`` (with ``no-referrer`` browsers send ``Origin: null``
  on the server's own form posts, which the check above must refuse).
- **Slow headers**: :class:`HeaderTimeoutProtocol` closes a connection whose request
  headers are not complete within ``header_timeout`` seconds (a slowloris).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

from uvicorn.protocols.http.h11_impl import H11Protocol

from recoupe.report.templating import SERVED_CSP

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DOCS_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")


def allowed_hosts(bound: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    return frozenset(h.lower().strip("[]") for h in (*LOCAL_HOSTS, bound, *extra) if h)


def host_name(value: str) -> str:
    """The host of a Host header, without its port ("[::1]:8000" → "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _origin_of(value: str) -> str | None:
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class FormToken:
    """A per-process secret; the token proves a form was served by this server."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    def make(self, purpose: str = "form") -> str:
        return hmac.new(self._secret, purpose.encode(), hashlib.sha256).hexdigest()

    def check(self, token: str | None, purpose: str = "form") -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.make(purpose))


class Guard:
    """ASGI middleware: Host allow-list, same-origin writes, security headers."""

    def __init__(self, app: Any, hosts: frozenset[str]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _plain(send, *refusal)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
                present = {k.lower() for k, _ in message.get("headers", [])}
                if b"content-security-policy" not in present:
                    policy = DOCS_CSP if scope["path"] in ("/docs", "/redoc") else SERVED_CSP
                    extra.append((b"content-security-policy", policy.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Any, headers: dict[str, str]) -> tuple[int, str] | None:
        host = host_name(headers.get("host", ""))
        if host not in self.hosts:
            return 400, "Unknown Host header: this server answers to its own name only."
        if scope["method"] in UNSAFE_METHODS:
            claimed = headers.get("origin") or headers.get("referer")
            if claimed is not None and claimed != "null":
                origin = _origin_of(claimed)
                if origin is None or host_name(urlsplit(origin).netloc) not in self.hosts \
                        or urlsplit(origin).netloc != headers.get("host", "").lower():
                    return 403, "Cross-site request refused."
            elif claimed == "null":
                return 403, "Cross-site request refused."
        return None


async def _plain(send: Any, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"content-security-policy", SERVED_CSP.encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


class BodyCap:
    """Count the bytes of every request body as they arrive and stop past the cap.

    A ``Content-Length`` over the cap is refused up front; a chunked body has none, so
    it is counted: past the cap the client gets 413 at once and the app sees it gone.
    """

    def __init__(self, app: Any, cap: int) -> None:
        self.app, self.cap = app, cap

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key.lower() == b"content-length" and value.isdigit() and int(value) > self.cap:
                await _plain(send, 413, "The request is too large.")
                return
        total, refused = 0, False

        async def capped_receive() -> Any:
            nonlocal total, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.cap:
                    refused = True
                    await _plain(send, 413, "The request is too large.")
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


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers take longer
    than ``header_timeout`` seconds (uvicorn itself only times out idle keep-alives)."""

    header_timeout = 10.0
    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in: the request is being served

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request's headers get the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _expire(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()


def protocol_with_timeout(seconds: float) -> type[HeaderTimeoutProtocol]:
    return type("HeaderTimeout", (HeaderTimeoutProtocol,), {"header_timeout": seconds})
