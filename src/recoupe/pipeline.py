"""The whole analysis, stage by stage: ingest → clean → nlp → extract → link → reconcile.

Per-document work (:func:`analyze_document`) is a pure function of a Document;
cross-document work (:func:`link_run`) reads what the store holds, so a re-run
analyses only new or changed documents and still refreshes every comparison.
"""

from __future__ import annotations

import itertools
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from recoupe.clean import clean
from recoupe.errors import reject
from recoupe.extract.claims import ParsedSentence, extract_claims
from recoupe.extract.mentions import extract_mentions
from recoupe.ingest import read_inputs
from recoupe.link.dates import corpus_anchor, resolve_document_dates
from recoupe.link.entities import link_entities, with_short_forms
from recoupe.link.gazetteer import geocode
from recoupe.link.timeline import build_timeline
from recoupe.metadata import describe
from recoupe.nlp import load_pipeline, parse_sentences
from recoupe.nlp.segment import segment
from recoupe.reconcile import compare_claims, events, find_stories, framing
from recoupe.records import (
    Claim,
    Comparison,
    DateMention,
    Document,
    Entity,
    Mention,
    Rejected,
    Source,
    TimelineEntry,
)
from recoupe.settings import DEFAULT, Settings
from recoupe.store import DocumentRows, Store, document_rows
from recoupe.textfold import word_key as fold


@dataclass(frozen=True)
class DocumentAnalysis:
    document: Document
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]
    dates: tuple[DateMention, ...]


@dataclass(frozen=True)
class RunResult:
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...]
    timeline: tuple[TimelineEntry, ...]
    rejected: tuple[Rejected, ...]
    analysed: int  # documents analysed in this run (new or changed)
    reused: int  # documents found unchanged in the store
    comparisons: tuple[Comparison, ...] = ()
    framing: tuple[dict, ...] = ()  # framing.jsonl rows (issue 5)
    events: tuple[dict, ...] = ()  # events.csv rows (issue 5)
    stories: dict[str, str] = field(default_factory=dict)  # document id → story id


def prepare(document: Document, anchor=None) -> tuple[Document, list[DateMention]]:
    """Cleaning, metadata and dates: everything before the parser.

    ``anchor`` is a date the other articles of the run point to: it gives a year to
    an article that never writes one ("vendredi", "le 7 janvier").
    """
    document = describe(clean(document))
    mentions, published, basis = resolve_document_dates(
        document.id, document.text, document.published, spans=_article_spans(document),
        anchor=anchor, published_basis=document.published_basis,
    )
    if document.published is None and published:
        document = replace(document, published=published, published_basis=basis)
    notes = tuple(f"date: {m.text!r} → {m.date}: {m.correction}" for m in mentions
                  if m.correction)
    if notes:
        document = replace(document, notes=document.notes + notes)
    return document, mentions


def _article_spans(document: Document) -> list[tuple[int, int]]:
    """The parts of the input text that are the article (not header, not boilerplate)."""
    spans, cursor = [], document.body_start
    for start, end in sorted(document.boilerplate):
        if start > cursor:
            spans.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(document.text):
        spans.append((cursor, len(document.text)))
    return spans


def main_place(document: Document, mentions: Sequence[Mention]) -> tuple[str | None, str | None]:
    """The place a document is about (a country when it names one) and its ISO code."""
    counts: Counter[str] = Counter(m.text for m in mentions if m.label == "LOC")
    countries: Counter[str] = Counter()
    country_names: dict[str, Counter[str]] = {}
    for name, n in counts.items():
        geo = geocode(name)
        if geo is None or geo.country is None:
            continue
        countries[geo.country] += n
        if geo.feature == "country":
            country_names.setdefault(geo.country, Counter())[name] += n
    if not countries:
        return (counts.most_common(1)[0][0] if counts else None), None
    code = countries.most_common(1)[0][0]
    if code in country_names:
        return country_names[code].most_common(1)[0][0], code
    top = max((n for n in counts if (g := geocode(n)) and g.country == code), key=counts.get)
    return top, code


@dataclass(frozen=True)
class Deferred:
    """A document that writes no year: the run's other articles must date it first."""

    document: Document


@dataclass(frozen=True)
class Analysed:
    """A document analysed and turned into store rows (what travels back from a worker)."""

    doc: str
    input: str  # the input it came from, as errors.jsonl names it
    rows: DocumentRows


def analyze_documents(
    documents: Iterable[Document], nlp=None, anchor=None, chunk: int = 16,
    defer_undated: bool = False,
) -> Iterator[DocumentAnalysis | Deferred | Rejected]:
    """Per-document analysis, streaming, with the sentences of ``chunk`` documents parsed
    in one ``nlp.pipe`` call (spaCy's per-call overhead is paid once per chunk).

    A document that fails is yielded as a :class:`Rejected`; the others go on. With
    ``defer_undated``, a document whose publication date only an ``anchor`` could give
    is yielded as :class:`Deferred`, unparsed.
    """
    nlp = nlp or load_pipeline()
    for batch in _chunks(documents, chunk):
        yield from _analyze_batch(batch, nlp, anchor, defer_undated)


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analyze_batch(
    batch: Sequence[Document], nlp, anchor, defer_undated: bool = False
) -> Iterator[DocumentAnalysis | Deferred | Rejected]:
    prepared = []
    for original in batch:
        try:
            document, dates = prepare(original, anchor)
            if defer_undated and document.published is None:
                # Without a date of its own, the anchor decides its year (see prepare);
                # given one, prepare is blind to the anchor, so deferring loses nothing.
                yield Deferred(original)
                continue
            sentences = [s for s in segment(document)
                         if not _all_boilerplate(document, s.start, s.end)]
            prepared.append((original, document, dates, sentences))
        except Exception as exc:  # one bad document must not lose the others
            yield _failed(original, exc)
    parsed_all = parse_sentences(nlp, [s for *_, sentences in prepared for s in sentences])
    cursor = 0
    for original, document, dates, sentences in prepared:
        parsed = parsed_all[cursor : cursor + len(sentences)]
        cursor += len(sentences)
        try:
            yield _extract(document, dates, parsed)
        except Exception as exc:
            yield _failed(original, exc)


def _as_rows(
    results: Iterable[DocumentAnalysis | Deferred | Rejected],
) -> list[Analysed | Deferred | Rejected]:
    """Analyses turned into store rows right where they were made."""
    out: list[Analysed | Deferred | Rejected] = []
    for result in results:
        if isinstance(result, DocumentAnalysis):
            doc = result.document
            try:
                rows = document_rows(doc, claims=result.claims, mentions=result.mentions,
                                     dates=result.dates)
            except Exception as exc:
                out.append(_failed(doc, exc))
                continue
            out.append(Analysed(doc.id, _input_name(doc), rows))
        else:
            out.append(result)
    return out


_WORKER_NLP = None


def _init_worker(model: str) -> None:
    """Load the spaCy model once per worker process."""
    global _WORKER_NLP
    _WORKER_NLP = load_pipeline(model)


def _analyze_in_worker(
    batch: list[Document], anchor, defer_undated: bool
) -> list[Analysed | Deferred | Rejected]:
    return _as_rows(_analyze_batch(batch, _WORKER_NLP, anchor, defer_undated))


def analyze_rows(
    documents: Iterable[Document], anchor, settings: Settings = DEFAULT, *, workers: int = 1,
    defer_undated: bool = False, chunk: int = 16, pool: Workers | None = None,
) -> Iterator[Analysed | Deferred | Rejected]:
    """Analyse ``documents`` into store rows, in input order, in ``workers`` processes.

    Streaming: documents are read from the iterable only as workers free up (at most
    a few chunks ahead), so memory does not grow with the corpus. Each worker loads the
    model once; a chunk's sentences are parsed in one ``nlp.pipe`` call. The results,
    and so everything stored, are the same whatever the number of workers. ``pool``
    lends processes already started (a run uses one pool for all its passes).
    """
    chunks = _chunks(documents, chunk)
    if pool is None and workers > 1:
        with Workers(workers, settings) as own:
            yield from own.map(chunks, anchor, defer_undated)
        return
    if pool is not None and pool.workers > 1:
        yield from pool.map(chunks, anchor, defer_undated)
        return
    nlp = None
    for batch in chunks:
        nlp = nlp or load_pipeline(settings.spacy_model)
        yield from _as_rows(_analyze_batch(batch, nlp, anchor, defer_undated))


class Workers:
    """Worker processes, started on first use, each loading the model once."""

    def __init__(self, workers: int, settings: Settings = DEFAULT) -> None:
        self.workers, self._settings, self._pool = workers, settings, None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def _started(self):
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            # One BLAS thread per worker: N workers on N cores, not N × cores threads.
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(name, "1")
            context = multiprocessing.get_context("spawn")  # no fork of a threaded process
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_init_worker,
                initargs=(self._settings.spacy_model,))
        return self._pool

    def map(self, chunks: Iterator[list[Document]], anchor, defer_undated: bool
            ) -> Iterator[Analysed | Deferred | Rejected]:
        """Results of every chunk, in order, with a bounded number of chunks in flight."""
        from collections import deque

        first = next(chunks, None)
        if first is None:
            return  # nothing to analyse: no process is started
        pool = self._started()
        window = 2 * self.workers  # every worker busy, the next chunk queued
        in_flight: deque = deque()
        for batch in itertools.chain([first], chunks):
            in_flight.append(pool.submit(_analyze_in_worker, batch, anchor, defer_undated))
            if len(in_flight) >= window:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def _input_name(document: Document) -> str:
    return document.path or document.url or document.id


def _failed(document: Document, exc: Exception) -> Rejected:
    return reject(_input_name(document), "analysis_failed", f"{type(exc).__name__}: {exc}")


def _extract(
    document: Document, dates: list[DateMention], parsed: list[ParsedSentence]
) -> DocumentAnalysis:
    mentions = extract_mentions(document, parsed)
    place, country = main_place(document, mentions)
    claims = extract_claims(document, parsed, dates, main_place=place, main_country=country)
    return DocumentAnalysis(document, tuple(claims), tuple(mentions), tuple(dates))


def analyze_document(document: Document, nlp=None, anchor=None) -> DocumentAnalysis:
    """One document from raw text to claims, mentions and dates (raises on failure)."""
    nlp = nlp or load_pipeline()
    document, dates = prepare(document, anchor)
    sentences = [s for s in segment(document) if not _all_boilerplate(document, s.start, s.end)]
    return _extract(document, dates, parse_sentences(nlp, sentences))


def _all_boilerplate(document: Document, start: int, end: int) -> bool:
    return any(b_start <= start and end <= b_end for b_start, b_end in document.boilerplate)


# --------------------------------------------------------------------------- linking


def _slot_mentions(claims: Sequence[Claim], mentions: Sequence[Mention]) -> list[Mention]:
    """Sources and places of claims that NER did not tag, as mentions to link."""
    known = {(m.doc, fold(m.text)) for m in mentions}
    extra: dict[tuple[str, str], Mention] = {}
    for c in claims:
        for slot, label in ((c.source, "ORG"), (c.place, "LOC")):
            if slot is None or not slot.name or (c.doc, fold(slot.name)) in known:
                continue
            span = slot.span or c.span
            guess = "PER" if label == "ORG" and slot.name[:1].isupper() and " " in slot.name \
                and all(w[:1].isupper() for w in slot.name.split()) else label
            extra.setdefault((c.doc, fold(slot.name)), Mention(
                doc=c.doc, start=span[0], end=span[1], text=slot.name, label=guess,
                sentence=c.sentence,
            ))
    return list(extra.values())


def link_claims(claims: Sequence[Claim], entities: Sequence[Entity]) -> list[Claim]:
    """Give each claim's place and source the id and canonical name of its entity."""
    by_doc_form: dict[tuple[str, str], Entity] = {}
    by_form: dict[str, Entity] = {}
    for entity in entities:
        for m in entity.mentions:
            by_doc_form.setdefault((m.doc, fold(m.text)), entity)
        for form in entity.forms:
            by_form.setdefault(fold(form), entity)

    def find(doc: str, name: str) -> Entity | None:
        return by_doc_form.get((doc, fold(name))) or by_form.get(fold(name))

    linked = []
    for c in claims:
        place, source = c.place, c.source
        if place is not None and (e := find(c.doc, place.name)) is not None:
            geo = e.geo
            place = replace(place, name=e.canonical, entity=e.id,
                            lat=geo.lat if geo else None, lon=geo.lon if geo else None)
        if source is not None and (e := find(c.doc, source.name)) is not None:
            source = Source(e.canonical, e.id, source.text, source.span)
        linked.append(replace(c, place=place, source=source))
    return linked


@dataclass(frozen=True)
class CrossDocument:
    """What the cross-document stages compute from everything the store holds."""

    claims: list[Claim]
    entities: list[Entity]
    timeline: list[TimelineEntry]
    stories: dict[str, str]
    comparisons: list[Comparison]
    framing: list[dict]
    events: list[dict]


def link_run(store: Store) -> CrossDocument:
    """Cross-document stages over everything the store holds: link, then reconcile."""
    documents = list(store.documents(texts=False))
    claims = list(store.claims())
    mentions = list(store.mentions())
    dates = list(store.dates())
    all_mentions = mentions + _slot_mentions(claims, mentions)
    countries = Counter(
        g.country for m in all_mentions if m.label == "LOC" and (g := geocode(m.text)) and g.country
    )
    main_country = countries.most_common(1)[0][0] if countries else None
    entities = with_short_forms(link_entities(all_mentions, main_country))
    linked = link_claims(claims, entities)
    timeline = build_timeline(documents, dates, store.text)
    stories = find_stories(documents, mentions, dates, entities)
    comparisons = compare_claims(linked, documents, entities, stories)
    return CrossDocument(
        claims=linked, entities=entities, timeline=timeline, stories=stories,
        comparisons=comparisons, framing=framing(linked, documents),
        events=events(comparisons, linked, documents, entities),
    )


# --------------------------------------------------------------------------- run


def run(
    inputs: Sequence[str],
    store_path: Path,
    settings: Settings = DEFAULT,
    *,
    stdin=None,
    on_document: Callable[[str], None] | None = None,
    on_rejected: Callable[[Rejected], None] | None = None,
    workers: int = 1,
) -> RunResult:
    """Read inputs, analyse new or changed documents into the store, link the whole store.

    Streaming: each document goes from its input to the store without the others being
    held (documents that write no year wait in a spill file until the run's other
    articles date them). ``workers`` > 1 analyses in that many processes; results are
    identical.
    """
    rejected: list[Rejected] = []
    counts = Counter()

    with Store.open(store_path) as store:

        def reject_one(item: Rejected) -> None:
            rejected.append(item)
            store.save_rejected(item)
            if on_rejected:
                on_rejected(item)

        def to_analyse() -> Iterator[Document]:
            for item in read_inputs(list(inputs), settings, stdin=stdin):
                if isinstance(item, Rejected):
                    reject_one(item)
                elif store.document_status(item.id, item.hash) == "unchanged":
                    counts["reused"] += 1
                    if on_document:
                        on_document(item.id)
                else:
                    yield item

        def save(results: Iterable[Analysed | Deferred | Rejected], spill: _Spill) -> None:
            for result in results:
                if isinstance(result, Rejected):
                    reject_one(result)
                elif isinstance(result, Deferred):
                    spill.add(result.document)
                else:
                    store.save_rows(result.rows)
                    store.forget_rejected(result.input)
                    counts["analysed"] += 1
                    if on_document:
                        on_document(result.doc)

        with _Spill() as undated, Workers(workers, settings) as pool:
            save(analyze_rows(to_analyse(), None, settings, pool=pool, defer_undated=True),
                 undated)
            if undated.count:
                # The year of an article that writes none comes from the others (stored).
                anchor = corpus_anchor(store.published_dates())
                save(analyze_rows(undated, anchor, settings, pool=pool), undated)
        cross = link_run(store)
        store.save_run(entities=cross.entities, timeline=cross.timeline,
                       comparisons=cross.comparisons,
                       extra={"framing": cross.framing, "events": cross.events,
                              "stories": [{"doc": d, "story": s}
                                          for d, s in sorted(cross.stories.items())]})
        documents = tuple(store.documents())
    return RunResult(documents, tuple(cross.claims), tuple(cross.entities),
                     tuple(cross.timeline), tuple(rejected), counts["analysed"],
                     counts["reused"], comparisons=tuple(cross.comparisons),
                     framing=tuple(cross.framing), events=tuple(cross.events),
                     stories=cross.stories)


class _Spill:
    """Documents set aside on disk, read back once in the order they came."""

    def __init__(self) -> None:
        self.count = 0
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def add(self, document: Document) -> None:
        pickle.dump(document, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Document]:
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)
