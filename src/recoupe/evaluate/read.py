"""Reading gold and predicted files, and the names both sides give to one thing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError
from recoupe.evaluate.model import (
    GoldClaim,
    GoldEntity,
    PredClaim,
    PredEntity,
    Trap,
)
from recoupe.records import ENTITY_TYPES, GROUPS, KINDS, QUALIFIERS
from recoupe.textfold import compare_key

# --------------------------------------------------------------------------- reading files


def _bad(path: Path, line: int, what: str) -> RecoupeError:
    where = f"{path}:{line}" if line else str(path)
    return RecoupeError("read_error", f"{where}: {what}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(path, 0, "not UTF-8 text") from exc
    except OSError as exc:
        raise _bad(path, 0, exc.strerror or "unreadable") from exc


def read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSONL file with their line numbers; blank lines are skipped."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad(path, number, f"not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise _bad(path, number, "not a JSON object")
        rows.append((number, row))
    return rows


def _opt_int(row: Mapping[str, Any], key: str, path: Path, line: int) -> int | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise _bad(path, line, f"'{key}' must be an integer or null")
    return int(value)


def _require(row: Mapping[str, Any], key: str, path: Path, line: int, vocab: Iterable[str]) -> str:
    value = row.get(key)
    allowed = tuple(vocab)
    if value not in allowed:
        raise _bad(path, line, f"'{key}' is {value!r}, expected one of {', '.join(allowed)}")
    return str(value)


def _source_list(value: Any, path: Path, line: int) -> tuple[str, ...]:
    # A bare string or null is accepted too: annotators write what reads naturally.
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    raise _bad(path, line, "'source' must be a list of names")


def read_gold_claims(path: Path) -> list[GoldClaim]:
    """Parse ``*.claims.gold.jsonl``; a malformed line raises ``read_error`` with its number."""
    claims = []
    for line, row in read_jsonl(path):
        if not isinstance(row.get("doc"), str) or not row["doc"]:
            raise _bad(path, line, "'doc' must be a document id")
        place = row.get("place")
        if place is not None and not isinstance(place, str):
            raise _bad(path, line, "'place' must be a name or null")
        claims.append(GoldClaim(
            doc=row["doc"],
            kind=_require(row, "kind", path, line, KINDS),
            group=_require(row, "group", path, line, GROUPS),
            low=_opt_int(row, "low", path, line),
            high=_opt_int(row, "high", path, line),
            qualifier=_require(row, "qualifier", path, line, QUALIFIERS),
            place=place or None,
            source=_source_list(row.get("source"), path, line),
            evidence=str(row.get("evidence") or ""),
            optional=bool(row.get("optional", False)),
            line=line,
        ))
    return claims


def read_traps(path: Path) -> list[Trap]:
    traps = []
    for line, row in read_jsonl(path):
        if not isinstance(row.get("doc"), str) or not isinstance(row.get("text"), str):
            raise _bad(path, line, "a trap needs 'doc' and 'text'")
        traps.append(Trap(doc=row["doc"], text=row["text"], why=str(row.get("why") or "")))
    return traps


def read_gold_entities(path: Path) -> list[GoldEntity]:
    """Parse ``*.entities.gold.json``: ``{"entities": [...]}`` or a bare list."""
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise _bad(path, exc.lineno, f"not JSON ({exc.msg})") from exc
    rows = data.get("entities") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise _bad(path, 0, "expected a list of entities under 'entities'")
    entities = []
    for number, row in enumerate(rows, 1):
        where = f"entity {number}"
        if not isinstance(row, dict) or not isinstance(row.get("canonical"), str):
            raise _bad(path, 0, f"{where}: needs a 'canonical' name")
        forms = row.get("forms") or []
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            raise _bad(path, 0, f"{where}: 'forms' must be a list of names")
        if row.get("type") not in ENTITY_TYPES:
            raise _bad(path, 0, f"{where}: 'type' must be one of {', '.join(ENTITY_TYPES)}")
        geo_id = row.get("geonames_id")
        entities.append(GoldEntity(
            canonical=row["canonical"],
            type=row["type"],
            forms=tuple(forms),
            geonames_id=int(geo_id) if geo_id is not None else None,
        ))
    return entities


def _name_of(value: Any) -> tuple[str | None, str | None]:
    """(name, entity id) of a claim's ``place`` or ``source`` field."""
    if isinstance(value, dict):
        name = value.get("name")
        entity = value.get("entity")
        return (name if isinstance(name, str) and name.strip() else None,
                entity if isinstance(entity, str) else None)
    if isinstance(value, str) and value.strip():
        return value, None
    return None, None


def read_pred_claims(path: Path) -> list[PredClaim]:
    """Parse a predicted ``claims.jsonl`` (CONTRACT.md); only the scored fields are kept."""
    claims = []
    for line, row in read_jsonl(path):
        if not isinstance(row.get("doc"), str) or not isinstance(row.get("kind"), str):
            raise _bad(path, line, "a claim needs 'doc' and 'kind'")
        place, place_entity = _name_of(row.get("place"))
        source, source_entity = _name_of(row.get("source"))
        span = row.get("span")
        claims.append(PredClaim(
            id=str(row.get("id") or f"line{line}"),
            doc=row["doc"],
            kind=row["kind"],
            group=str(row.get("group") or ""),
            low=_opt_int(row, "low", path, line),
            high=_opt_int(row, "high", path, line),
            qualifier=str(row.get("qualifier") or ""),
            place_name=place,
            place_entity=place_entity,
            source_name=source,
            source_entity=source_entity,
            sentence=str(row.get("sentence") or ""),
            quantity_text=str(row.get("quantity_text") or ""),
            span=(int(span[0]), int(span[1])) if isinstance(span, list) and len(span) == 2
            else None,
            rule=_rule_of(row.get("rule")),
        ))
    return claims


def _rule_of(value: Any) -> tuple[tuple[str, str], ...]:
    """The rule names of a claim, whatever shape the field has: {"place": name} or a name."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), str(v)) for k, v in value.items()
                            if isinstance(v, str | int) and v != ""))
    if isinstance(value, str) and value:
        return (("all", value),)
    return ()


def read_pred_entities(path: Path) -> list[PredEntity]:
    entities = []
    for line, row in read_jsonl(path):
        forms = row.get("forms") or []
        if not isinstance(forms, list):
            raise _bad(path, line, "'forms' must be a list")
        raw_geo = row.get("geo")
        geo: dict[str, Any] = raw_geo if isinstance(raw_geo, dict) else {}
        geo_id = geo.get("geonames_id")
        entities.append(PredEntity(
            id=str(row.get("id") or f"line{line}"),
            canonical=str(row.get("canonical") or ""),
            type=str(row.get("type") or ""),
            forms=tuple(str(f) for f in forms),
            geonames_id=int(geo_id) if isinstance(geo_id, int | str) and str(geo_id).isdigit()
            else None,
        ))
    return entities


# --------------------------------------------------------------------------- names


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def normalise(name: str) -> str:
    """A name folded for comparison: case, accents, apostrophes, hyphens, spacing and a
    leading article ("l'ONU" is "ONU", "la mairie" is "mairie")."""
    return compare_key(name)


@dataclass(frozen=True)
class NameBook:
    """Every normalised name under which a gold or predicted entity may be written."""

    gold_by_canonical: dict[str, frozenset[str]]
    gold_by_form: dict[str, frozenset[str]]
    pred_by_id: dict[str, frozenset[str]]

    @classmethod
    def build(cls, gold: Iterable[GoldEntity], pred: Iterable[PredEntity]) -> NameBook:
        by_canonical: dict[str, frozenset[str]] = {}
        by_form: dict[str, frozenset[str]] = {}
        for entity in gold:
            names = frozenset(normalise(n) for n in (entity.canonical, *entity.forms))
            by_canonical[normalise(entity.canonical)] = names
            for name in names:
                by_form.setdefault(name, names)
        pred_names = {
            e.id: frozenset(normalise(n) for n in (e.canonical, *e.forms) if n) for e in pred
        }
        return cls(by_canonical, by_form, pred_names)

    def gold_names(self, name: str) -> frozenset[str]:
        key = normalise(name)
        return self.gold_by_canonical.get(key) or self.gold_by_form.get(key) or frozenset({key})

    def pred_names(self, name: str | None, entity: str | None) -> frozenset[str]:
        names = set(self.pred_by_id.get(entity, ())) if entity else set()
        if name:
            names.add(normalise(name))
        return frozenset(names)


MULTI_PLACE = "+"  # a multi-place scope: "Pérou + Équateur" (eval/GUIDELINES.md)


def place_parts(name: str) -> list[str]:
    """The places of a scope: one, or several joined with " + "."""
    return [part.strip() for part in name.split(MULTI_PLACE) if part.strip()]


def place_right(gold: GoldClaim, pred: PredClaim, book: NameBook) -> bool:
    """A null gold place wants no place; otherwise one of the names must meet.

    A multi-place scope matches set-wise: the same number of places, each gold place
    named among the predicted ones, in any order.
    """
    predicted = book.pred_names(pred.place_name, pred.place_entity)
    if gold.place is None:
        return not predicted
    gold_parts = place_parts(gold.place)
    pred_parts = place_parts(pred.place_name or "")
    if len(gold_parts) > 1 or len(pred_parts) > 1:
        return len(gold_parts) == len(pred_parts) and all(
            any(book.pred_names(p, None) & book.gold_names(g) for p in pred_parts)
            for g in gold_parts)
    return bool(predicted & book.gold_names(gold.place))


def source_right(gold: GoldClaim, pred: PredClaim, book: NameBook) -> bool:
    """An empty gold list wants no source; otherwise any listed name is right."""
    predicted = book.pred_names(pred.source_name, pred.source_entity)
    if not gold.source:
        return not predicted
    return any(predicted & book.gold_names(name) for name in gold.source)
