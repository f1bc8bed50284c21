"""Score an output folder of ``recoupe analyze`` against hand annotations (``recoupe eval``).

The gold files share one prefix and sit side by side (``docs/eval.md`` describes them)::

    NAME.claims.gold.jsonl   NAME.traps.jsonl   NAME.entities.gold.json
    NAME.timeline.gold.jsonl NAME.documents.gold.jsonl

Every file is optional on both sides: a section whose gold or predicted file is
missing is reported as "not available", never as a score of zero.

Scoring is data first, text second (STYLE practice 3): :func:`run_eval` computes
one :class:`EvalReport`; :func:`format_report`, :func:`report_to_json` and
:func:`main_figures` only render it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError
from recoupe.records import ENTITY_TYPES, GROUPS, KINDS, QUALIFIERS
from recoupe.textfold import compare_key

GOLD_SUFFIXES: dict[str, str] = {
    "claims": ".claims.gold.jsonl",
    "traps": ".traps.jsonl",
    "entities": ".entities.gold.json",
    "timeline": ".timeline.gold.jsonl",
    "documents": ".documents.gold.jsonl",
}
PRED_FILES: dict[str, str] = {
    "claims": "claims.jsonl",
    "entities": "entities.jsonl",
    "timeline": "timeline.jsonl",
    "documents": "documents.jsonl",
}
SECTIONS = ("claims", "entities", "timeline", "documents")
SUMMARY_MAX_LINES = 8


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Ratio:
    """``hits`` right out of ``total`` checked."""

    hits: int
    total: int

    @property
    def value(self) -> float:
        # Nothing to check is nothing wrong: a floor on an empty check must not fail.
        return self.hits / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total}"


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and misses, with the usual ratios."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        # Nothing to find is all found; precision then carries the false claims.
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- records read


@dataclass(frozen=True)
class GoldClaim:
    """One line of ``*.claims.gold.jsonl``."""

    doc: str
    kind: str
    group: str
    low: int | None
    high: int | None
    qualifier: str
    place: str | None
    source: tuple[str, ...]  # any of them is right; empty: no source expected
    evidence: str
    optional: bool = False
    line: int = 0


@dataclass(frozen=True)
class GoldItem:
    """Gold lines sharing one de-duplication key; each line is an accepted reading."""

    variants: tuple[GoldClaim, ...]

    @property
    def first(self) -> GoldClaim:
        return self.variants[0]

    @property
    def optional(self) -> bool:
        # One required reading is enough to make the figure required.
        return all(v.optional for v in self.variants)

    @property
    def vague(self) -> bool:
        return any(v.qualifier == "vague" for v in self.variants)


@dataclass(frozen=True)
class PredClaim:
    """The fields of one ``claims.jsonl`` line that scoring reads."""

    id: str
    doc: str
    kind: str
    group: str
    low: int | None
    high: int | None
    qualifier: str
    place_name: str | None
    place_entity: str | None
    source_name: str | None
    source_entity: str | None
    sentence: str
    quantity_text: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class PredItem:
    """Predicted lines sharing one de-duplication key; the first one speaks for all."""

    members: tuple[PredClaim, ...]

    @property
    def first(self) -> PredClaim:
        return self.members[0]


@dataclass(frozen=True)
class Trap:
    """A stretch of text that must not yield a claim (an age, a TV channel, a link)."""

    doc: str
    text: str
    why: str


@dataclass(frozen=True)
class GoldEntity:
    canonical: str
    type: str
    forms: tuple[str, ...]
    geonames_id: int | None


@dataclass(frozen=True)
class PredEntity:
    id: str
    canonical: str
    type: str
    forms: tuple[str, ...]
    geonames_id: int | None


# --------------------------------------------------------------------------- report records


@dataclass(frozen=True)
class ClaimMatch:
    """A predicted claim paired with a gold one, and which attributes it got right."""

    gold: GoldItem
    pred: PredItem
    group_ok: bool
    place_ok: bool
    source_ok: bool
    strict: bool  # qualifier, high and group right
    full: bool  # strict, place and source right (all from one gold reading)


@dataclass(frozen=True)
class TrapHit:
    trap: Trap
    claim: PredClaim
    basis: str  # "span": offsets overlap the trap in the input text; "sentence": text match


@dataclass(frozen=True)
class ClaimsReport:
    overall: PRF
    by_kind: dict[str, PRF]
    strict: PRF
    full: PRF
    group_acc: Ratio
    place_acc: Ratio
    source_acc: Ratio
    matches: tuple[ClaimMatch, ...]
    misses: tuple[GoldItem, ...]
    false_claims: tuple[PredItem, ...]
    trap_hits: tuple[TrapHit, ...]
    traps_checked: int
    gold_lines: int
    gold_optional: int
    gold_duplicates: int
    pred_lines: int
    pred_duplicates: int
    pred_ignored: int  # predicted lines about documents the gold does not cover


@dataclass(frozen=True)
class EntitiesReport:
    precision: float
    recall: float
    f1: float
    items: int  # gold forms scored
    found: int  # gold forms present in some predicted entity
    type_acc: Ratio
    merged: tuple[tuple[str, str, str], ...]  # (gold canonical, gold canonical, predicted)
    geocoded: Ratio
    geo_misses: tuple[str, ...]
    missing_forms: tuple[str, ...]


@dataclass(frozen=True)
class TimelineReport:
    recall: Ratio
    missing: tuple[str, ...]  # "date: what"
    extra: int  # predicted dates absent from the gold (for information)


@dataclass(frozen=True)
class DocumentsReport:
    published: Ratio
    lang: Ratio
    outlet: Ratio
    problems: tuple[str, ...]


@dataclass(frozen=True)
class EvalReport:
    gold: str
    pred_dir: str
    claims: ClaimsReport | None
    entities: EntitiesReport | None
    timeline: TimelineReport | None
    documents: DocumentsReport | None
    unavailable: dict[str, str]  # section → why it was not scored


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
        ))
    return claims


def read_pred_entities(path: Path) -> list[PredEntity]:
    entities = []
    for line, row in read_jsonl(path):
        forms = row.get("forms") or []
        if not isinstance(forms, list):
            raise _bad(path, line, "'forms' must be a list")
        geo = row.get("geo") if isinstance(row.get("geo"), dict) else {}
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


def place_right(gold: GoldClaim, pred: PredClaim, book: NameBook) -> bool:
    """A null gold place wants no place; otherwise one of the names must meet."""
    predicted = book.pred_names(pred.place_name, pred.place_entity)
    if gold.place is None:
        return not predicted
    return bool(predicted & book.gold_names(gold.place))


def source_right(gold: GoldClaim, pred: PredClaim, book: NameBook) -> bool:
    """An empty gold list wants no source; otherwise any listed name is right."""
    predicted = book.pred_names(pred.source_name, pred.source_entity)
    if not gold.source:
        return not predicted
    return any(predicted & book.gold_names(name) for name in gold.source)


# --------------------------------------------------------------------------- claims


def _dedup_key(doc: str, kind: str, group: str, low: int | None, high: int | None) -> tuple:
    return (doc, kind, group, low, high)


def dedup_gold(claims: Iterable[GoldClaim]) -> list[GoldItem]:
    groups: dict[tuple, list[GoldClaim]] = {}
    for c in claims:
        groups.setdefault(_dedup_key(c.doc, c.kind, c.group, c.low, c.high), []).append(c)
    # Required readings first, so ``first`` is the one a miss is reported with.
    return [GoldItem(tuple(sorted(v, key=lambda c: c.optional))) for v in groups.values()]


def dedup_pred(claims: Iterable[PredClaim]) -> list[PredItem]:
    groups: dict[tuple, list[PredClaim]] = {}
    for c in claims:
        groups.setdefault(_dedup_key(c.doc, c.kind, c.group, c.low, c.high), []).append(c)
    return [PredItem(tuple(v)) for v in groups.values()]


def values_match(gold: GoldItem, pred: PredItem) -> bool:
    """Same figure: the same ``low``, or both vague (their conventional readings may differ)."""
    pred_vague = pred.first.qualifier == "vague"
    if gold.vague or pred_vague:
        return gold.vague and pred_vague
    return gold.first.low == pred.first.low


def _high_right(gold: GoldClaim, pred: PredClaim) -> bool:
    # A vague figure's low/high are a conventional reading, not something the text says.
    return gold.qualifier == "vague" or gold.high == pred.high


def _strict_right(gold: GoldClaim, pred: PredClaim) -> bool:
    return (gold.qualifier == pred.qualifier and _high_right(gold, pred)
            and gold.group == pred.group)


def _agreement(gold: GoldItem, pred: PredItem, book: NameBook) -> int:
    p = pred.first
    return max(
        (v.group == p.group) + (v.qualifier == p.qualifier)
        + place_right(v, p, book) + source_right(v, p, book)
        for v in gold.variants
    )


def _words(text: str) -> list[str]:
    return normalise(text).split()


def evidence_overlap(evidence: str, sentence: str) -> float:
    """1.0 when the gold evidence is inside the sentence, else the share of its words there."""
    ev, sent = normalise(evidence), normalise(sentence)
    if not ev:
        return 0.0
    if ev in sent:
        return 1.0
    words = ev.split()
    present = set(sent.split())
    return sum(w in present for w in words) / len(words)


def _overlap(gold: GoldItem, pred: PredItem) -> float:
    return max(evidence_overlap(v.evidence, m.sentence or m.quantity_text)
               for v in gold.variants for m in pred.members)


def match_claims(
    gold: list[GoldItem], pred: list[PredItem], book: NameBook
) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (gold index, pred index) of the same document, kind and value.

    Candidates are taken best first: most attributes agreeing, then closest
    evidence, then a required gold before an optional one.
    """
    by_slot: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pi, p in enumerate(pred):
        by_slot[(p.first.doc, p.first.kind)].append(pi)
    candidates = []
    for gi, g in enumerate(gold):
        for pi in by_slot.get((g.first.doc, g.first.kind), ()):
            if values_match(g, pred[pi]):
                score = (-_agreement(g, pred[pi], book), -_overlap(g, pred[pi]), g.optional)
                candidates.append((score, gi, pi))
    candidates.sort()
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def judge_match(gold: GoldItem, pred: PredItem, book: NameBook) -> ClaimMatch:
    p = pred.first
    return ClaimMatch(
        gold=gold,
        pred=pred,
        group_ok=gold.first.group == p.group,
        place_ok=any(place_right(v, p, book) for v in gold.variants),
        source_ok=any(source_right(v, p, book) for v in gold.variants),
        strict=any(_strict_right(v, p) for v in gold.variants),
        full=any(_strict_right(v, p) and place_right(v, p, book) and source_right(v, p, book)
                 for v in gold.variants),
    )


def _space_pattern(text: str) -> re.Pattern[str] | None:
    words = text.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words)) if words else None


def trap_spans(trap: Trap, text: str) -> list[tuple[int, int]]:
    """Where the trap's text occurs in the document's input text (whitespace-tolerant)."""
    pattern = _space_pattern(trap.text)
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _squash(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).split())


def trap_hit(trap: Trap, claim: PredClaim, spans: Iterable[tuple[int, int]] = ()) -> str | None:
    """How a claim falls in a trap ("span" or "sentence"), or None.

    ``spans`` are the trap's occurrences in the document's input text, when it was read.
    """
    if claim.doc != trap.doc:
        return None
    if claim.span is not None:
        start, end = claim.span
        if any(start < t_end and end > t_start for t_start, t_end in spans):
            return "span"
    # Offsets may point into another text (an HTML page's extracted body): read it off the
    # words too. The sentence holds the trap and the quantity is part of it (or contains it).
    trap_text = _squash(trap.text)
    if not trap_text or trap_text not in _squash(claim.sentence):
        return None
    quantity = _squash(claim.quantity_text)
    if not quantity or quantity in trap_text or trap_text in quantity:
        return "sentence"
    return None


def find_trap_hits(
    traps: list[Trap], claims: list[PredClaim], texts: Mapping[str, str]
) -> list[TrapHit]:
    spans = [trap_spans(trap, texts[trap.doc]) if trap.doc in texts else [] for trap in traps]
    hits = []
    for claim in claims:
        for trap, trap_at in zip(traps, spans, strict=True):
            basis = trap_hit(trap, claim, trap_at)
            if basis:
                hits.append(TrapHit(trap, claim, basis))
                break
    return hits


def _prf_by_kind(
    gold: list[GoldItem], pred: list[PredItem], pairs: list[tuple[int, int]]
) -> dict[str, PRF]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, _ in pairs:
        if not gold[gi].optional:
            counts[gold[gi].first.kind][0] += 1
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            counts[p.first.kind][1] += 1
    for gi, g in enumerate(gold):
        if gi not in matched_gold and not g.optional:
            counts[g.first.kind][2] += 1
    order = {k: i for i, k in enumerate(KINDS)}
    return {k: PRF(*counts[k]) for k in sorted(counts, key=lambda k: (order.get(k, 99), k))}


def score_claims(
    gold_claims: list[GoldClaim],
    pred_claims: list[PredClaim],
    book: NameBook,
    traps: list[Trap],
    texts: Mapping[str, str],
    scored_docs: frozenset[str],
) -> ClaimsReport:
    """Precision, recall, F1 (kind+value, strict, full), attribute accuracy, traps, lists."""
    kept = [c for c in pred_claims if c.doc in scored_docs]
    gold = dedup_gold(gold_claims)
    pred = dedup_pred(kept)
    pairs = match_claims(gold, pred, book)
    matches = [judge_match(gold[gi], pred[pi], book) for gi, pi in pairs]
    required = [m for m in matches if not m.gold.optional]
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    misses = [g for gi, g in enumerate(gold) if gi not in matched_gold and not g.optional]
    false_claims = [p for pi, p in enumerate(pred) if pi not in matched_pred]
    tp, fp, fn = len(required), len(false_claims), len(misses)
    # A required match that is not strictly right is a miss and a false claim at once,
    # which keeps both denominators what they are for kind+value.
    strict_tp = sum(m.strict for m in required)
    full_tp = sum(m.full for m in required)
    return ClaimsReport(
        overall=PRF(tp, fp, fn),
        by_kind=_prf_by_kind(gold, pred, pairs),
        strict=PRF(strict_tp, tp + fp - strict_tp, tp + fn - strict_tp),
        full=PRF(full_tp, tp + fp - full_tp, tp + fn - full_tp),
        group_acc=Ratio(sum(m.group_ok for m in required), len(required)),
        place_acc=Ratio(sum(m.place_ok for m in required), len(required)),
        source_acc=Ratio(sum(m.source_ok for m in required), len(required)),
        matches=tuple(matches),
        misses=tuple(misses),
        false_claims=tuple(false_claims),
        trap_hits=tuple(find_trap_hits(traps, kept, texts)),
        traps_checked=len(traps),
        gold_lines=len(gold_claims),
        gold_optional=sum(g.optional for g in gold),
        gold_duplicates=len(gold_claims) - len(gold),
        pred_lines=len(kept),
        pred_duplicates=len(kept) - len(pred),
        pred_ignored=len(pred_claims) - len(kept),
    )


# --------------------------------------------------------------------------- entities


def _holders(pred: list[PredEntity]) -> dict[str, list[int]]:
    """Normalised form → indexes of the predicted entities listing it in ``forms``."""
    holders: dict[str, list[int]] = defaultdict(list)
    for pi, entity in enumerate(pred):
        for form in {normalise(f) for f in entity.forms}:
            holders[form].append(pi)
    return holders


def _gold_items(gold: list[GoldEntity]) -> list[tuple[int, str, str]]:
    """(gold entity index, normalised form, form) for each distinct form of each entity."""
    items = []
    for gi, entity in enumerate(gold):
        seen: set[str] = set()
        for form in entity.forms:
            key = normalise(form)
            if key and key not in seen:
                seen.add(key)
                items.append((gi, key, form))
    return items


def _best_holder(gi: int, form: str, holders: dict[str, list[int]],
                 share: dict[tuple[int, int], int]) -> int | None:
    # A form held by several predicted entities counts in the one holding most of its
    # gold entity's forms: the reading most favourable to the system, and deterministic.
    candidates = holders.get(form)
    if not candidates:
        return None
    return min(candidates, key=lambda pi: (-share[(gi, pi)], pi))


def _main_holders(share: Mapping[tuple[int, int], int]) -> list[tuple[int, int]]:
    """(gold entity, the predicted entity holding most of its forms) for each found one."""
    best: dict[int, int] = {}
    for (gi, pi), count in sorted(share.items()):
        if gi not in best or count > share[(gi, best[gi])]:
            best[gi] = pi
    return sorted(best.items())


def bcubed(assign: list[tuple[int, Any]]) -> tuple[float, float]:
    """B-cubed precision and recall of items given as (gold cluster, predicted cluster)."""
    if not assign:
        return 1.0, 1.0
    gold_size: dict[int, int] = defaultdict(int)
    pred_size: dict[Any, int] = defaultdict(int)
    both: dict[tuple[int, Any], int] = defaultdict(int)
    for g, p in assign:
        gold_size[g] += 1
        pred_size[p] += 1
        both[(g, p)] += 1
    precision = sum(both[(g, p)] / pred_size[p] for g, p in assign) / len(assign)
    recall = sum(both[(g, p)] / gold_size[g] for g, p in assign) / len(assign)
    return precision, recall


def _merged_pairs(gold: list[GoldEntity], pred: list[PredEntity],
                  holders: dict[str, list[int]]) -> list[tuple[str, str, str]]:
    inside: dict[int, set[int]] = defaultdict(set)
    for gi, key, _ in _gold_items(gold):
        for pi in holders.get(key, ()):
            inside[pi].add(gi)
    pairs: dict[tuple[int, int], str] = {}
    for pi, members in sorted(inside.items()):
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.setdefault((a, b), pred[pi].canonical)
    return [(gold[a].canonical, gold[b].canonical, name) for (a, b), name in sorted(pairs.items())]


def _geocoded(gold: list[GoldEntity], pred: list[PredEntity],
              holders: dict[str, list[int]]) -> tuple[Ratio, list[str]]:
    checked, misses = 0, []
    for entity in gold:
        if entity.geonames_id is None:
            continue
        checked += 1
        forms = {normalise(f) for f in (entity.canonical, *entity.forms)}
        if not any(pred[pi].type == "LOC" and pred[pi].geonames_id == entity.geonames_id
                   for form in forms for pi in holders.get(form, ())):
            misses.append(f"{entity.canonical} (geonames {entity.geonames_id})")
    return Ratio(checked - len(misses), checked), misses


def score_entities(gold: list[GoldEntity], pred: list[PredEntity]) -> EntitiesReport:
    """B-cubed over gold forms, type accuracy, merged gold pairs and geocoding."""
    holders = _holders(pred)
    items = _gold_items(gold)
    share: dict[tuple[int, int], int] = defaultdict(int)
    for gi, key, _ in items:
        for pi in holders.get(key, ()):
            share[(gi, pi)] += 1
    assign: list[tuple[int, Any]] = []
    missing = []
    for n, (gi, key, form) in enumerate(items):
        holder = _best_holder(gi, key, holders, share)
        if holder is None:
            missing.append(f"{form} ({gold[gi].canonical})")
        # A form the prediction lacks is a cluster of its own.
        assign.append((gi, holder if holder is not None else ("missing", n)))
    precision, recall = bcubed(assign)
    typed = _main_holders(share)
    geocoded, geo_misses = _geocoded(gold, pred, holders)
    return EntitiesReport(
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        items=len(items),
        found=len(items) - len(missing),
        type_acc=Ratio(sum(pred[pi].type == gold[gi].type for gi, pi in typed), len(typed)),
        merged=tuple(_merged_pairs(gold, pred, holders)),
        geocoded=geocoded,
        geo_misses=tuple(geo_misses),
        missing_forms=tuple(missing),
    )


# --------------------------------------------------------------------------- timeline, documents


def score_timeline(gold: list[tuple[int, dict[str, Any]]],
                   pred: list[tuple[int, dict[str, Any]]]) -> TimelineReport:
    """Recall of gold dates among the predicted timeline's dates (exact strings)."""
    found = {str(row.get("date")) for _, row in pred if row.get("date")}
    wanted = {str(row["date"]): str(row.get("what") or "") for _, row in gold if row.get("date")}
    missing = [f"{date}: {what}" for date, what in sorted(wanted.items()) if date not in found]
    return TimelineReport(
        recall=Ratio(len(wanted) - len(missing), len(wanted)),
        missing=tuple(missing),
        extra=len(found - set(wanted)),
    )


def _published_ok(gold: Mapping[str, Any], published: Any) -> bool | None:
    """Inside ``published_range`` (inclusive), or equal to ``published``; None: not checked."""
    span = gold.get("published_range")
    if isinstance(span, list) and len(span) == 2:
        return isinstance(published, str) and span[0] <= published[:10] <= span[1]
    if gold.get("published"):
        return published == gold["published"]
    return None


def _same_name(gold: Any, pred: Any) -> bool:
    if not gold:
        return not pred
    return bool(pred) and normalise(str(gold)) == normalise(str(pred))


def score_documents(gold: list[tuple[int, dict[str, Any]]],
                    pred: list[tuple[int, dict[str, Any]]]) -> DocumentsReport:
    """Publication date in range, language and outlet, per gold document."""
    by_id = {str(row.get("id")): row for _, row in pred}
    dated = [0, 0]
    lang = [0, 0]
    outlet = [0, 0]
    problems = []
    for _, row in gold:
        doc = str(row.get("doc"))
        got = by_id.get(doc, {})
        if not got:
            problems.append(f"{doc}: not in documents.jsonl")
        ok = _published_ok(row, got.get("published"))
        if ok is not None:
            dated[0] += ok
            dated[1] += 1
            if not ok:
                problems.append(f"{doc}: published {got.get('published')} outside "
                                f"{row.get('published_range') or row.get('published')}")
        if row.get("lang"):
            lang[1] += 1
            lang[0] += got.get("lang") == row["lang"]
            if got and got.get("lang") != row["lang"]:
                problems.append(f"{doc}: lang {got.get('lang')} (gold {row['lang']})")
        outlet[1] += 1
        # A document the prediction lacks has no right field, not even a null outlet.
        outlet[0] += bool(got) and _same_name(row.get("outlet"), got.get("outlet"))
        if got and not _same_name(row.get("outlet"), got.get("outlet")):
            problems.append(f"{doc}: outlet {got.get('outlet')} (gold {row.get('outlet')})")
    return DocumentsReport(Ratio(*dated), Ratio(*lang), Ratio(*outlet), tuple(problems))


# --------------------------------------------------------------------------- running


def gold_files(gold: Path) -> dict[str, Path]:
    """The gold files that exist for a claims gold file (or any sibling, or their folder)."""
    if gold.is_dir():
        found = sorted(gold.glob("*" + GOLD_SUFFIXES["claims"]))
        if len(found) != 1:
            raise RecoupeError("read_error", f"{gold}: expected one *.claims.gold.jsonl, "
                                             f"found {len(found)}; name the file")
        gold = found[0]
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
    if "claims" not in unavailable:
        gold_claims = read_gold_claims(golds["claims"])
        traps = read_traps(golds["traps"]) if "traps" in golds else []
        scored = frozenset({c.doc for c in gold_claims} | {t.doc for t in traps}
                           | {str(r.get("doc")) for _, r in gold_doc_rows})
        claims = score_claims(
            gold_claims, read_pred_claims(preds["claims"]),
            NameBook.build(gold_entities, pred_entities), traps,
            _document_texts(pred_dir, doc_rows), scored,
        )
    entities = (score_entities(gold_entities, pred_entities)
                if "entities" not in unavailable else None)
    timeline = (score_timeline(read_jsonl(golds["timeline"]), read_jsonl(preds["timeline"]))
                if "timeline" not in unavailable else None)
    documents = (score_documents(gold_doc_rows, doc_rows)
                 if "documents" not in unavailable else None)
    return EvalReport(str(gold), str(pred_dir), claims, entities, timeline, documents,
                      unavailable)


# --------------------------------------------------------------------------- rendering


def main_figures(report: EvalReport) -> dict[str, float]:
    """The headline figures a test pins floors on; sections not available are left out.

    Higher is better for all but ``traps_hit`` and ``entities_merged_pairs`` (ceilings).
    """
    figures: dict[str, float] = {}
    if report.claims:
        c = report.claims
        figures |= {
            "claims_precision": c.overall.precision,
            "claims_recall": c.overall.recall,
            "claims_f1": c.overall.f1,
            "claims_strict_f1": c.strict.f1,
            "claims_full_f1": c.full.f1,
            "group_acc": c.group_acc.value,
            "place_acc": c.place_acc.value,
            "source_acc": c.source_acc.value,
            "traps_hit": float(len(c.trap_hits)),
        }
    if report.entities:
        e = report.entities
        figures |= {
            "entities_b3_precision": e.precision,
            "entities_b3_recall": e.recall,
            "entities_b3_f1": e.f1,
            "entities_type_acc": e.type_acc.value,
            "entities_merged_pairs": float(len(e.merged)),
            "entities_geocoded": e.geocoded.value,
        }
    if report.timeline:
        figures["timeline_date_recall"] = report.timeline.recall.value
    if report.documents:
        d = report.documents
        figures |= {
            "documents_published": d.published.value,
            "documents_lang_acc": d.lang.value,
            "documents_outlet_acc": d.outlet.value,
        }
    return figures


def value_text(low: int | None, high: int | None, qualifier: str) -> str:
    """A figure as a person reads it: "238", "more_than 3211", "10–20", "vague"."""
    if qualifier == "vague":
        return "vague" if low is None else f"vague ~{low}"
    if qualifier == "range" or (high is not None and low is not None and high != low):
        return f"{low}–{high}" if qualifier in ("range", "exact") else f"{qualifier} {low}–{high}"
    return str(low) if qualifier == "exact" else f"{qualifier} {low}"


def _prf_json(prf: PRF) -> dict[str, Any]:
    return {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": prf.precision,
            "recall": prf.recall, "f1": prf.f1}


def _ratio_json(ratio: Ratio) -> dict[str, Any]:
    return {"hits": ratio.hits, "total": ratio.total, "value": ratio.value}


def _gold_json(item: GoldItem) -> dict[str, Any]:
    g = item.first
    return {"doc": g.doc, "kind": g.kind, "group": g.group, "low": g.low, "high": g.high,
            "qualifier": g.qualifier, "place": g.place, "source": list(g.source),
            "evidence": g.evidence, "line": g.line}


def _pred_json(claim: PredClaim) -> dict[str, Any]:
    return {"id": claim.id, "doc": claim.doc, "kind": claim.kind, "group": claim.group,
            "low": claim.low, "high": claim.high, "qualifier": claim.qualifier,
            "place": claim.place_name, "source": claim.source_name,
            "quantity_text": claim.quantity_text, "sentence": claim.sentence}


def _match_json(m: ClaimMatch) -> dict[str, Any]:
    return {"gold": _gold_json(m.gold), "pred": _pred_json(m.pred.first),
            "optional": m.gold.optional, "group_ok": m.group_ok, "place_ok": m.place_ok,
            "source_ok": m.source_ok, "strict": m.strict, "full": m.full}


def _claims_json(c: ClaimsReport) -> dict[str, Any]:
    return {
        "overall": _prf_json(c.overall),
        "by_kind": {k: _prf_json(v) for k, v in c.by_kind.items()},
        "strict": _prf_json(c.strict),
        "full": _prf_json(c.full),
        "group_acc": _ratio_json(c.group_acc),
        "place_acc": _ratio_json(c.place_acc),
        "source_acc": _ratio_json(c.source_acc),
        "counts": {"gold_lines": c.gold_lines, "gold_optional": c.gold_optional,
                   "gold_duplicates": c.gold_duplicates, "pred_lines": c.pred_lines,
                   "pred_duplicates": c.pred_duplicates, "pred_ignored": c.pred_ignored,
                   "traps_checked": c.traps_checked},
        "trap_hits": [{"trap": t.trap.text, "why": t.trap.why, "basis": t.basis,
                       "claim": _pred_json(t.claim)} for t in c.trap_hits],
        "misses": [_gold_json(g) for g in c.misses],
        "false_claims": [_pred_json(p.first) for p in c.false_claims],
        "matches": [_match_json(m) for m in c.matches],
    }


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The whole report as plain JSON data (figures, lists, and why sections are missing)."""
    e, t, d = report.entities, report.timeline, report.documents
    return {
        "gold": report.gold,
        "pred_dir": report.pred_dir,
        "figures": main_figures(report),
        "unavailable": dict(report.unavailable),
        "claims": _claims_json(report.claims) if report.claims else None,
        "entities": None if e is None else {
            "precision": e.precision, "recall": e.recall, "f1": e.f1, "items": e.items,
            "found": e.found, "type_acc": _ratio_json(e.type_acc),
            "merged": [list(m) for m in e.merged], "geocoded": _ratio_json(e.geocoded),
            "geo_misses": list(e.geo_misses), "missing_forms": list(e.missing_forms),
        },
        "timeline": None if t is None else {
            "recall": _ratio_json(t.recall), "missing": list(t.missing), "extra": t.extra,
        },
        "documents": None if d is None else {
            "published": _ratio_json(d.published), "lang": _ratio_json(d.lang),
            "outlet": _ratio_json(d.outlet), "problems": list(d.problems),
        },
    }


def _clip(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _prf_row(name: str, prf: PRF) -> str:
    return (f"  {name:<14}{prf.tp:>5}{prf.fp:>5}{prf.fn:>5}"
            f"{prf.precision:>8.2f}{prf.recall:>8.2f}{prf.f1:>8.2f}")


def _gold_line(item: GoldItem) -> str:
    g = item.first
    return (f"  - {g.doc} {g.kind}/{g.group} {value_text(g.low, g.high, g.qualifier)}: "
            f"«{_clip(g.evidence, 80)}»")


def _pred_line(claim: PredClaim) -> str:
    return (f"  - {claim.doc} {claim.kind}/{claim.group} "
            f"{value_text(claim.low, claim.high, claim.qualifier)}: {_clip(claim.sentence)}")


def _attribute_errors(matches: Iterable[ClaimMatch]) -> list[str]:
    lines = []
    for m in matches:
        g, p = m.gold.first, m.pred.first
        wrong = []
        if not m.group_ok:
            wrong.append(f"group {p.group} (gold {g.group})")
        if not m.strict and m.group_ok:
            wrong.append(f"qualifier/high {value_text(p.low, p.high, p.qualifier)} "
                         f"(gold {value_text(g.low, g.high, g.qualifier)})")
        if not m.place_ok:
            wrong.append(f"place {p.place_name} (gold {g.place})")
        if not m.source_ok:
            wrong.append(f"source {p.source_name} (gold {' | '.join(g.source) or 'none'})")
        if wrong and not m.gold.optional:
            lines.append(f"  - {g.doc} {g.kind} {value_text(g.low, g.high, g.qualifier)}: "
                         + "; ".join(wrong))
    return lines


def _listing(title: str, lines: list[str]) -> list[str]:
    return [f"{title} ({len(lines)}):", *lines] if lines else [f"{title}: none"]


def _claims_text(c: ClaimsReport) -> list[str]:
    lines = [
        f"CLAIMS  gold {c.gold_lines} lines ({c.gold_duplicates} duplicates; "
        f"{c.gold_optional} optional figures), predicted {c.pred_lines} lines "
        f"({c.pred_duplicates} duplicates"
        + (f", {c.pred_ignored} in documents without gold, ignored)" if c.pred_ignored else ")"),
        f"  {'kind':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'prec':>8}{'rec':>8}{'F1':>8}",
        *(_prf_row(kind, prf) for kind, prf in c.by_kind.items()),
        _prf_row("kind+value", c.overall),
        _prf_row("strict", c.strict),
        _prf_row("full", c.full),
        f"  on {c.overall.tp} matched claims: group {c.group_acc} ({c.group_acc.value:.2f}) | "
        f"place {c.place_acc} ({c.place_acc.value:.2f}) | "
        f"source {c.source_acc} ({c.source_acc.value:.2f})",
    ]
    lines += _listing(f"traps hit, of {c.traps_checked} traps", [
        f"  - {h.claim.doc} «{_clip(h.trap.text, 50)}» ({h.trap.why}) by "
        f"{h.claim.kind} {value_text(h.claim.low, h.claim.high, h.claim.qualifier)} [{h.basis}]"
        for h in c.trap_hits])
    lines += _listing("misses", [_gold_line(g) for g in c.misses])
    lines += _listing("false claims", [_pred_line(p.first) for p in c.false_claims])
    lines += _listing("attribute errors on matched claims", _attribute_errors(c.matches))
    return lines


def _entities_text(e: EntitiesReport) -> list[str]:
    lines = [
        f"ENTITIES  {e.items} gold forms, {e.found} found in the prediction",
        f"  B-cubed precision {e.precision:.2f} recall {e.recall:.2f} F1 {e.f1:.2f} | "
        f"type acc {e.type_acc} | geocoded {e.geocoded}",
    ]
    lines += _listing("merged gold pairs", [f"  - {a} + {b} in «{p}»" for a, b, p in e.merged])
    lines += _listing("forms missing", [f"  - {f}" for f in e.missing_forms])
    lines += _listing("not geocoded", [f"  - {g}" for g in e.geo_misses])
    return lines


def _summary(report: EvalReport) -> list[str]:
    c, e, t, d = report.claims, report.entities, report.timeline, report.documents
    lines = ["SUMMARY"]
    if c:
        lines.append(f"claims F1 (kind+value) {c.overall.f1:.2f} | strict {c.strict.f1:.2f} | "
                     f"full {c.full.f1:.2f} | P {c.overall.precision:.2f} "
                     f"R {c.overall.recall:.2f}")
        lines.append(f"group acc {c.group_acc.value:.2f} | place acc {c.place_acc.value:.2f} | "
                     f"source acc {c.source_acc.value:.2f} | traps hit {len(c.trap_hits)}")
    else:
        lines.append(f"claims not available: {report.unavailable.get('claims', '')}")
    if e:
        lines.append(f"entities B3 F1 {e.f1:.2f} | type acc {e.type_acc.value:.2f} | "
                     f"merged pairs {len(e.merged)} | geocoded {e.geocoded}")
    else:
        lines.append(f"entities not available: {report.unavailable.get('entities', '')}")
    parts = [f"timeline date recall {t.recall}" if t else "timeline not available"]
    if d:
        parts.append(f"publication dates {d.published} | lang {d.lang} | outlet {d.outlet}")
    else:
        parts.append("documents not available")
    lines.append(" | ".join(parts))
    return lines


def format_report(report: EvalReport) -> str:
    """The report as plain text for a terminal; the last lines are the summary block."""
    out = [f"recoupe eval  gold: {report.gold}  predictions: {report.pred_dir}", ""]
    if report.claims:
        out += [*_claims_text(report.claims), ""]
    if report.entities:
        out += [*_entities_text(report.entities), ""]
    if report.timeline:
        t = report.timeline
        out += [f"TIMELINE  date recall {t.recall} ({t.extra} predicted dates not in the gold)",
                *_listing("dates missing", [f"  - {m}" for m in t.missing]), ""]
    if report.documents:
        d = report.documents
        out += [f"DOCUMENTS  publication date {d.published} | lang {d.lang} | "
                f"outlet {d.outlet}", *_listing("problems", [f"  - {p}" for p in d.problems]),
                ""]
    for section, why in report.unavailable.items():
        out.append(f"{section.upper()}  not available: {why}")
    if report.unavailable:
        out.append("")
    return "\n".join(out + _summary(report))
