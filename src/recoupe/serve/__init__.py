"""`recoupe serve`: the report, a data browser and a JSON API over one SQLite store.

- :mod:`.snapshot` — one state of the store as everything served, decoded incrementally;
- :mod:`.cache` — the snapshot, built in the background once per change (never by a read);
- :mod:`.data` — claim listings (filters, facet counts) and the FTS5 index, kept per document;
- :mod:`.pages` — HTML pages, every list bounded and paged;
- :mod:`.app` — the FastAPI app (:func:`create_app`), pages and typed, paged API;
- :mod:`.security` — Host allow-list, CSRF refusal, body cap, header deadline;
- :mod:`.submit` — adding an article (form, JSON, upload, URL), in batches;
- :mod:`.analysis` — the process those batches are analysed in;
- :mod:`.command` — the command line (:func:`serve_store`, :func:`run_serve`).

Security (issues 8 and 19): binds 127.0.0.1 unless told otherwise; answers only to its
own Host names; refuses cross-site writes; URL submission is off unless ``allow_fetch``;
bodies are size-capped; no route reads a file other than the store and bundled assets.
"""

from importlib import import_module
from typing import Any

# Where each public name lives. Imported on first use: `recoupe analyze` builds its option
# parser from :mod:`.command` and must not pay for FastAPI (about 0.45 s CPU per run).
_HOMES = {
    "create_app": "app", "add_serve_parser": "command", "check_store": "command",
    "run_serve": "command", "serve_store": "command", "ServeConfig": "submit",
    "check_public_url": "submit", "submission_path": "submit",
}

__all__ = [
    "ServeConfig", "add_serve_parser", "check_public_url", "check_store",
    "create_app", "run_serve", "serve_store", "submission_path",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'recoupe.serve' has no attribute {name!r}")
    return getattr(import_module(f"recoupe.serve.{_HOMES[name]}"), name)
