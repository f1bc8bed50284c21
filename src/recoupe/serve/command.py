"""`recoupe serve`: arguments, the store check, and uvicorn with the server's guards."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError
from recoupe.report.templating import UI_LANGS
from recoupe.settings import load_settings
from recoupe.store import Store

LOCAL = ("127.0.0.1", "localhost", "::1")


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """The `recoupe serve` subcommand's arguments."""
    serve = subparsers.add_parser(
        "serve",
        help="browse a store's findings in a web browser, and add or delete articles",
        description="Serve the report over a SQLite store on 127.0.0.1: stories, a map, "
        "claims with facets and full-text search, entity and document pages, a form and a "
        "JSON API (OpenAPI at /docs) to add or delete articles.",
        epilog="example: recoupe serve --store out/recoupe.sqlite --port 8000",
    )
    serve.add_argument("--store", required=True, type=Path, help="SQLite store to read")
    serve.add_argument("--create", action="store_true",
                       help="create the store when it does not exist (else: refused, exit 2)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="another Host name to answer to (besides 127.0.0.1, localhost "
                       "and --host); repeatable")
    serve.add_argument("--allow-fetch", action="store_true",
                       help="let people submit URLs (public addresses only)")
    serve.add_argument("--max-upload", type=int, default=None,
                       help="largest article accepted, in bytes (default: the max_bytes "
                       "setting, 5000000)")
    serve.add_argument("--config", type=Path, default=None,
                       help="settings file (default: ./recoupe.toml when there is one)")
    serve.add_argument("--ui-lang", choices=UI_LANGS, default=None,
                       help="language of the pages (default: the corpus's main language)")
    return serve


def check_store(store: Path, create: bool = False) -> None:
    """Refuse a store that does not exist unless ``create`` (a typo must not serve an empty
    database); open it once for writing so that it is migrated and read-only opens work."""
    if not Path(store).is_file() and not create:
        raise RecoupeError("store_unusable",
                           f"{store}: no such store (give --create to start an empty one)")
    try:
        Store.open(store).close()
    except RecoupeError:
        raise
    except Exception as exc:  # a bad path or a foreign file: one line, not a traceback
        raise RecoupeError("store_unusable", f"{store}: {exc}") from exc


def serve_store(store: Path, host: str = "127.0.0.1", port: int = 8000, *,
                create: bool = False, allow_fetch: bool = False,
                max_upload: int | None = None, allowed_hosts: tuple[str, ...] = (),
                ui_lang: str | None = None, header_timeout: float = 10.0,
                config_file: Path | None = None) -> int:
    """Serve ``store`` until interrupted; prints the URL on start. A missing store (unless
    ``create``), a bad setting or a port in use raises ``RecoupeError`` (exit status 2).
    Settings are loaded as for `recoupe analyze`; ``max_upload`` overrides ``max_bytes``
    (a submitted article is read back under that cap)."""
    import uvicorn

    from recoupe.serve.app import create_app
    from recoupe.serve.security import protocol_with_timeout
    from recoupe.serve.submit import ServeConfig

    settings = load_settings(config_file, overrides={"max_bytes": max_upload})
    check_store(Path(store), create)
    if host not in LOCAL:
        print(f"recoupe: warning: serving on {host}, reachable from other machines",
              file=sys.stderr)
    config = ServeConfig(Path(store), allow_fetch=allow_fetch, settings=settings,
                         host=host, port=port, allowed_hosts=tuple(allowed_hosts),
                         ui_lang=ui_lang, header_timeout=header_timeout)
    sock = _bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"recoupe: serving {store} on http://{shown}:{sock.getsockname()[1]}/ "
          "(Ctrl-C to stop)", file=sys.stderr, flush=True)
    app = create_app(config)
    app.state.analyst.process.warm(settings)  # the first article need not wait for models
    server = uvicorn.Server(uvicorn.Config(
        app, log_level="warning", http=protocol_with_timeout(header_timeout),
        timeout_keep_alive=5))
    try:
        server.run(sockets=[sock])
    finally:
        app.state.analyst.process.close()
    return 0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise RecoupeError("bad_option",
                           f"cannot listen on {host}:{port} ({exc.strerror})") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_serve(args: argparse.Namespace) -> int:
    """The command: one line and exit status 2 on a refused store or a busy port."""
    try:
        return serve_store(args.store, args.host, args.port, create=args.create,
                           allow_fetch=args.allow_fetch, max_upload=args.max_upload,
                           allowed_hosts=tuple(args.allow_host), ui_lang=args.ui_lang,
                           config_file=args.config)
    except RecoupeError as exc:
        print(f"recoupe: {exc.sentence}", file=sys.stderr)
        return exc.exit_code
