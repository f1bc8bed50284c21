"""Running an evaluation: the gold files beside a claims file, and every section scored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError
from recoupe.evaluate.claims import (
    score_claims,
)
from recoupe.evaluate.documents import (
    score_documents,
    score_timeline,
)
from recoupe.evaluate.entities import (
    score_entities,
)
from recoupe.evaluate.linking import score_linking
from recoupe.evaluate.model import (
    GOLD_SUFFIXES,
    PRED_FILES,
    SECTIONS,
    EvalReport,
)
from recoupe.evaluate.read import (
    NameBook,
    read_gold_claims,
    read_gold_entities,
    read_jsonl,
    read_pred_claims,
    read_pred_entities,
    read_traps,
)

# --------------------------------------------------------------------------- running


def gold_files(gold: Path) -> dict[str, Path]:
    """The gold files that exist for a claims gold file (or any sibling, or their folder)."""
    if gold.is_dir():
        claims_files = sorted(gold.glob("*" + GOLD_SUFFIXES["claims"]))
        if len(claims_files) != 1:
            raise RecoupeError("read_error", f"{gold}: expected one *.claims.gold.jsonl, "
                                             f"found {len(claims_files)}; name the file")
        gold = claims_files[0]
    prefix = gold.name
    for suffix in GOLD_SUFFIXES.values():
        if prefix.endswith(suffix):
            prefix = prefix[: -len(suffix)]
            break
    candidates = {part: gold.parent / (prefix + s) for part, s in GOLD_SUFFIXES.items()}
    found = {part: path for part, path in candidates.items() if path.is_file()}
    # The claims file may be absent when only other parts were annotated; nothing at all is
    # a mistyped path.
    if not found:
        raise RecoupeError("missing", str(gold))
    return found


def _document_texts(pred_dir: Path, rows: list[tuple[int, dict[str, Any]]]) -> dict[str, str]:
    """Input texts of the analysed documents, found through documents.jsonl ``path``."""
    texts = {}
    for _, row in rows:
        raw = row.get("path")
        if not isinstance(raw, str) or not raw:
            continue
        path = Path(raw)
        # A relative path was relative to where `analyze` ran: try the likely places.
        tries = [path] if path.is_absolute() else [Path.cwd() / path, pred_dir / path,
                                                    pred_dir.parent / path]
        for candidate in tries:
            if candidate.is_file():
                try:
                    texts[str(row.get("id"))] = candidate.read_text(encoding="utf-8",
                                                                    errors="replace")
                except OSError:
                    continue  # the words of the claim are still checked
                break
    return texts


def run_eval(gold: Path, pred_dir: Path) -> EvalReport:
    """Score the output folder ``pred_dir`` against the gold files beside ``gold``."""
    gold = Path(gold)
    pred_dir = Path(pred_dir)
    if not pred_dir.is_dir():
        raise RecoupeError("missing", str(pred_dir))
    golds = gold_files(gold)
    preds = {part: pred_dir / name for part, name in PRED_FILES.items()
             if (pred_dir / name).is_file()}
    unavailable = {}
    for section in SECTIONS:
        if section not in golds:
            unavailable[section] = f"no gold file (*{GOLD_SUFFIXES[section]})"
        elif section not in preds:
            unavailable[section] = f"no {PRED_FILES[section]} in {pred_dir}"

    gold_entities = read_gold_entities(golds["entities"]) if "entities" in golds else []
    pred_entities = read_pred_entities(preds["entities"]) if "entities" in preds else []
    doc_rows = read_jsonl(preds["documents"]) if "documents" in preds else []
    gold_doc_rows = read_jsonl(golds["documents"]) if "documents" in golds else []

    claims = None
    book = NameBook.build(gold_entities, pred_entities)
    if "claims" not in unavailable:
        gold_claims = read_gold_claims(golds["claims"])
        traps = read_traps(golds["traps"]) if "traps" in golds else []
        scored = frozenset({c.doc for c in gold_claims} | {t.doc for t in traps}
                           | {str(r.get("doc")) for _, r in gold_doc_rows})
        claims = score_claims(
            gold_claims, read_pred_claims(preds["claims"]), book, traps,
            _document_texts(pred_dir, doc_rows), scored,
        )
    entities = (score_entities(gold_entities, pred_entities)
                if "entities" not in unavailable else None)
    timeline = (score_timeline(read_jsonl(golds["timeline"]), read_jsonl(preds["timeline"]))
                if "timeline" not in unavailable else None)
    documents = (score_documents(gold_doc_rows, doc_rows)
                 if "documents" not in unavailable else None)
    linking = score_linking(claims, book, [r for _, r in gold_doc_rows], pred_dir)
    return EvalReport(str(gold), str(pred_dir), claims, entities, timeline, documents,
                      unavailable, linking)
