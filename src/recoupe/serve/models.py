"""The API's response shapes (pydantic), so that /openapi.json says what each route gives."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class FacetValue(BaseModel):
    value: str
    count: int


class Page(BaseModel, Generic[T]):
    """One page of a listing: ``total`` rows match, ``items`` from ``offset``."""

    total: int
    limit: int
    offset: int
    items: list[T]


class ClaimItem(BaseModel):
    id: str
    doc: str
    doc_title: str | None = None
    outlet: str | None = None
    kind: str
    group: str
    low: int | None = None
    high: int | None = None
    figure: int | None = Field(None, description="the conservative reading: low, else high")
    qualifier: str
    quantity_text: str
    place: str | None = None
    place_entity: str | None = None
    lat: float | None = None
    lon: float | None = None
    source: str | None = None
    source_entity: str | None = None
    lineage: str | None = Field(None, description="who counted the figure, whoever relays it")
    status: str | None = Field(None, description="status of the claim's comparison")
    comparison: int | None = None
    story: str | None = None
    lang: str | None = None
    as_of: str | None = None
    sentence: str
    anchor: str


class ClaimPage(Page[ClaimItem]):
    facets: dict[str, list[FacetValue]]


class EntityItem(BaseModel):
    id: str
    canonical: str
    type: str
    forms: list[str]
    mentions: int
    documents: int
    claims: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


class DocumentItem(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    lang: str | None = None
    url: str | None = None
    story: str | None = None
    claims: int


class TimelineItem(BaseModel):
    date: str
    precision: str | None = None
    summary: str
    documents: list[str]


class KeyFigure(BaseModel):
    kind: str
    group: str
    place: str | None = None
    value: int | None = None
    low: int | None = None
    high: int | None = None
    status: str
    sources: int


class StoryItem(BaseModel):
    id: str
    label: str
    documents: list[str]
    comparisons: int
    key_figures: list[KeyFigure]


class ComparisonItem(BaseModel):
    index: int
    kind: str
    group: str
    place: str | None = None
    status: str
    low: int | None = None
    high: int | None = None
    headline: int | None = None
    headline_lineage: str | None = None
    story: str | None = None
    note: str
    claims: list[str]


class DocumentText(BaseModel):
    """One document's view: its text cut in runs, and which claims each run belongs to."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    chars: int
    claims: int
    claim_anchors: dict[str, str]
    runs: list[dict[str, object]]


class Added(BaseModel):
    document: str
    claims: list[ClaimItem]


class Forgot(BaseModel):
    removed: list[str]
    unknown: list[str]


class ErrorBody(BaseModel):
    error: str
    message: str
    field: str | None = None
    allowed: list[str] | None = None
