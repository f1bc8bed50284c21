"""Remove documents from a store, and recompute everything derived from them.

Used by `recoupe forget DOC…` and by `DELETE /api/documents/{id}` of `recoupe serve`.
A document's claims, mentions and dates go with it (the store cascades); entities,
comparisons, timeline, stories, framing and events are then recomputed over what is
left by the same cross-document stage as `recoupe analyze`. An article that `recoupe
serve` wrote under ``submitted/`` is deleted too, so that no later run reads it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from recoupe.errors import RecoupeError
from recoupe.pipeline import link_and_save
from recoupe.store import Store

SUBMITTED = "submitted"


@dataclass(frozen=True)
class Forgotten:
    """What :func:`forget_documents` did: ids removed, ids the store did not hold."""

    removed: tuple[str, ...]
    unknown: tuple[str, ...]


def forget_documents(store_path: Path, ids: Iterable[str],
                     on_stage: Callable[[str], None] | None = None) -> Forgotten:
    """Delete the documents ``ids`` from the store at ``store_path`` and recompute every
    cross-document result. Unknown ids are reported, not an error; a missing store is a
    ``RecoupeError('store_unusable')`` (exit status 2)."""
    store_path = Path(store_path)
    if not store_path.is_file():
        raise RecoupeError("store_unusable", f"{store_path}: no such store")
    removed, unknown = [], []
    with Store.open(store_path) as store:
        for doc_id in dict.fromkeys(ids):
            held = store.stored(doc_id)
            if held is None:
                unknown.append(doc_id)
                continue
            store.delete_document(doc_id)
            _remove_submitted(store_path, held.path)
            removed.append(doc_id)
        if removed:
            link_and_save(store, on_stage)
    return Forgotten(tuple(removed), tuple(unknown))


def _remove_submitted(store_path: Path, path: str | None) -> None:
    """Delete the file of an article added through `recoupe serve` (and only those)."""
    if not path:
        return
    folder = (store_path.parent / SUBMITTED).resolve()
    candidate = Path(path).resolve()
    if candidate.parent == folder and candidate.name.startswith("web-"):
        candidate.unlink(missing_ok=True)
