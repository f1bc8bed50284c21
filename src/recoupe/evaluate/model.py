"""Records of an evaluation: ratios, gold and predicted items, section reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recoupe.evaluate.linking import LinkingReport

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
    # Which rule chose each attribute (claims.jsonl ``rule``): (attribute, rule name) pairs.
    rule: tuple[tuple[str, str], ...] = ()

    def rule_for(self, attribute: str) -> str:
        return next((name for key, name in self.rule if key == attribute), "(no rule)")


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
    linking: LinkingReport | None = None
