"""The per-document analysis: one document from its input text to claims, mentions and
dates. The one function every runner calls (`recoupe analyze`, `recoupe serve`,
`recoupe spark`) is :func:`analyze_documents`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from recoupe import __version__
from recoupe.clean import clean
from recoupe.errors import RecoupeError, reject
from recoupe.extract.claims import ParsedSentence, extract_claims
from recoupe.extract.mentions import extract_mentions
from recoupe.lang import available as available_languages
from recoupe.lang import resource_for
from recoupe.link.bodies import body_mentions
from recoupe.link.claims import main_place
from recoupe.link.dates import resolve_document_dates
from recoupe.link.places import place_book
from recoupe.metadata import describe
from recoupe.nlp import load_pipeline, parse_sentences
from recoupe.nlp.segment import Sentence, segment
from recoupe.records import Claim, DateMention, Document, Mention, Rejected
from recoupe.settings import DEFAULT, Settings
from recoupe.store import DocumentRows, document_rows

if TYPE_CHECKING:
    from spacy.language import Language

UNSUPPORTED_NOTE = "language_unsupported"
# The metadata fields that change what the analysis finds (dates, places, titles…).
KEYED_FIELDS = ("published", "outlet", "lang", "title", "url")


@dataclass(frozen=True)
class DocumentAnalysis:
    document: Document
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]
    dates: tuple[DateMention, ...]
    key: str | None = None  # the input's analysis key (see analysis_key)


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
    unsupported: str | None = None  # the language code, when recoupe has no resource for it


def analysis_key(document: Document) -> str:
    """What decides whether a stored analysis still holds: the text, the metadata that
    changes the analysis, and the analyzer's version (a new recoupe re-analyses)."""
    keyed: dict[str, Any] = {name: getattr(document, name) for name in KEYED_FIELDS}
    payload = json.dumps([document.hash, keyed, __version__], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Models:
    """The spaCy pipeline of each language, loaded on first use, once per process.

    ``fixed`` serves every language with one pipeline already loaded (tests, notebooks).
    """

    def __init__(self, settings: Settings = DEFAULT, fixed: Language | None = None) -> None:
        # A language is read when it has both a resource folder and a model setting.
        self._names = {code: name for code, name in settings.models.items()
                       if code in available_languages()}
        self._default = settings.default_language
        self._fixed = fixed

    def supports(self, lang: str | None) -> bool:
        return lang is None or lang in self._names

    def language(self, lang: str | None) -> str:
        """The language whose model reads a document (undetected → the default one)."""
        return lang if lang in self._names else self._default

    def get(self, lang: str | None) -> Language:
        if self._fixed is not None:
            return self._fixed
        try:
            return load_pipeline(self._names[self.language(lang)])
        except RuntimeError as exc:  # the model package is not installed
            raise RecoupeError("model_missing", str(exc)) from None


def as_models(nlp: Language | Models | None, settings: Settings = DEFAULT) -> Models:
    if isinstance(nlp, Models):
        return nlp
    return Models(settings, fixed=nlp)


def prepare(document: Document, anchor=None,
            models: Models | None = None) -> tuple[Document, list[DateMention]]:
    """Cleaning, metadata and dates: everything before the parser.

    ``anchor`` is a date the other articles of the run point to: it gives a year to
    an article that never writes one ("vendredi", "le 7 janvier"). A document in a
    language recoupe has no resource for gets a ``language_unsupported`` note and no
    dates (nothing else is read from it).
    """
    document = describe(clean(document))
    if not (models or Models()).supports(document.lang):
        note = f"{UNSUPPORTED_NOTE}: {document.lang}"
        return replace(document, notes=(*document.notes, note)), []
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


def unsupported_language(document: Document) -> str | None:
    """The language code of a document noted as unsupported, else None."""
    for note in document.notes:
        if note.startswith(UNSUPPORTED_NOTE + ":"):
            return note.split(":", 1)[1].strip()
    return None


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


def analyze_documents(
    documents: Iterable[Document], nlp: Language | Models | None = None, anchor=None,
    chunk: int = 16, defer_undated: bool = False, settings: Settings = DEFAULT,
) -> Iterator[DocumentAnalysis | Deferred | Rejected]:
    """Per-document analysis, streaming, with the sentences of ``chunk`` documents parsed
    in one ``nlp.pipe`` call per language (spaCy's per-call overhead paid once per chunk).

    A document that fails is yielded as a :class:`Rejected`; the others go on. With
    ``defer_undated``, a document whose publication date only an ``anchor`` could give
    is yielded as :class:`Deferred`, unparsed.
    """
    models = as_models(nlp, settings)
    for batch in chunks(documents, chunk):
        yield from analyze_batch(batch, models, anchor, defer_undated, settings)


def chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _Prepared:
    original: Document
    document: Document
    dates: list[DateMention]
    sentences: list[Sentence]


def analyze_batch(
    batch: Sequence[Document], models: Models, anchor, defer_undated: bool = False,
    settings: Settings = DEFAULT,
) -> Iterator[DocumentAnalysis | Deferred | Rejected]:
    """One chunk of documents: prepared one by one, parsed together per language."""
    prepared: list[_Prepared] = []
    for original in batch:
        try:
            document, dates = prepare(original, anchor, models)
            if defer_undated and document.published is None and models.supports(document.lang):
                # Without a date of its own, the anchor decides its year (see prepare);
                # given one, prepare is blind to the anchor, so deferring loses nothing.
                yield Deferred(original)
                continue
            prepared.append(_Prepared(original, document, dates, _sentences(document, models)))
        except Exception as exc:  # one bad document must not lose the others
            yield _failed(original, exc)
    parsed = _parse_by_language(prepared, models, settings)
    for item in prepared:
        try:
            analysis = _extract(item.document, item.dates, parsed[id(item)])
            yield replace(analysis, key=analysis_key(item.original))
        except Exception as exc:
            yield _failed(item.original, exc)


def _sentences(document: Document, models: Models) -> list[Sentence]:
    if not models.supports(document.lang):
        return []
    return [s for s in segment(document) if not _all_boilerplate(document, s.start, s.end)]


class KeptParses(dict[str, tuple[str, tuple[Sentence, ...], list[bytes]]]):
    """Parses kept between two analyses of the same documents in this process (see
    :func:`keeping_parses`): input document id → (language, sentences, each sentence's
    parsed Doc as bytes); ``tokens``: how many tokens they hold."""

    tokens: int = 0


_KEPT: KeptParses | None = None
# At most this many tokens' parses are kept (the documents beyond are parsed again): a
# bound on the memory a run of many undated articles holds. Kept as bytes, a token's
# parse takes about half a KiB: 50 MiB at most, some 250 articles of 2,000 characters.
# (Kept as Docs, 25 articles' parses raised a 300-article run's peak memory by 10 %.)
MAX_KEPT_TOKENS = 100_000


@contextmanager
def keeping_parses() -> Iterator[KeptParses]:
    """Within this block, every document this process parses keeps its parse (up to
    :data:`MAX_KEPT_TOKENS` tokens), and a document analysed again with the same
    sentences in the same language reuses it instead of parsing them again.

    The parse of a sentence depends on its text alone, never on the dates an anchor
    gives (issue #16 re-dates undated articles by their story), so the results are the
    same; worker processes keep nothing and parse again.
    """
    global _KEPT
    outer = _KEPT
    kept = KeptParses() if outer is None else outer
    _KEPT = kept
    try:
        yield kept
    finally:
        _KEPT = outer
        if outer is None:
            kept.clear()


def _keep(kept: KeptParses, doc_id: str, lang: str, sentences: list[Sentence],
          parsed: list[ParsedSentence]) -> None:
    tokens = sum(len(p.doc) for p in parsed)
    if doc_id not in kept and kept.tokens + tokens <= MAX_KEPT_TOKENS:
        kept[doc_id] = (lang, tuple(sentences), [p.doc.to_bytes() for p in parsed])
        kept.tokens += tokens


def _kept_parse(nlp: Language, sentences: list[Sentence], docs: list[bytes]
                ) -> list[ParsedSentence]:
    from spacy.tokens import Doc

    return [ParsedSentence(s, Doc(nlp.vocab).from_bytes(b)) for s, b in zip(sentences, docs,
                                                                             strict=True)]


def _parse_by_language(prepared: list[_Prepared], models: Models, settings: Settings
                       ) -> dict[int, list[ParsedSentence]]:
    """Each document's parsed sentences, one ``nlp.pipe`` pass per language of the chunk
    (or kept from an earlier analysis, see :func:`keeping_parses`)."""
    kept = _KEPT
    parsed: dict[int, list[ParsedSentence]] = {}
    by_language: dict[str, list[_Prepared]] = {}
    for item in prepared:
        lang = models.language(item.document.lang)
        earlier = kept.get(item.original.id) if kept is not None else None
        if earlier is not None and earlier[:2] == (lang, tuple(item.sentences)):
            parsed[id(item)] = _kept_parse(models.get(lang), item.sentences, earlier[2])
            continue
        by_language.setdefault(lang, []).append(item)
    for lang, items in by_language.items():
        sentences = [s for item in items for s in item.sentences]
        if not sentences:
            parsed.update((id(item), []) for item in items)
            continue
        every = parse_sentences(models.get(lang), sentences, batch_size=settings.batch_size)
        cursor = 0
        for item in items:
            parsed[id(item)] = every[cursor : cursor + len(item.sentences)]
            cursor += len(item.sentences)
    if kept is not None:
        for lang, items in by_language.items():
            for item in items:
                _keep(kept, item.original.id, lang, item.sentences, parsed[id(item)])
    return parsed


def as_rows(
    results: Iterable[DocumentAnalysis | Deferred | Rejected],
) -> list[Analysed | Deferred | Rejected]:
    """Analyses turned into store rows right where they were made."""
    out: list[Analysed | Deferred | Rejected] = []
    for result in results:
        if isinstance(result, DocumentAnalysis):
            doc = result.document
            try:
                rows = document_rows(doc, claims=result.claims, mentions=result.mentions,
                                     dates=result.dates, key=result.key)
            except Exception as exc:
                out.append(_failed(doc, exc))
                continue
            out.append(Analysed(doc.id, input_name(doc), rows, unsupported_language(doc)))
        else:
            out.append(result)
    return out


def input_name(document: Document) -> str:
    return document.path or document.url or document.id


def _failed(document: Document, exc: Exception) -> Rejected:
    return reject(input_name(document), "analysis_failed", f"{type(exc).__name__}: {exc}")


def _extract(
    document: Document, dates: list[DateMention], parsed: list[ParsedSentence]
) -> DocumentAnalysis:
    if not parsed:  # nothing to read (an unsupported language, an empty body)
        return DocumentAnalysis(document, (), (), tuple(dates))
    mentions = extract_mentions(document, parsed)
    # Authorities named by a common-noun phrase ("la protection civile") are entities too.
    mentions += [m for m in body_mentions(document.id, document.text, document.lang,
                                          taken=[(m.start, m.end) for m in mentions])
                 if not document.in_boilerplate(m.start, m.end)]
    place, country = main_place(document, mentions)
    claims = extract_claims(document, parsed, dates, main_place=place, main_country=country,
                            lang=resource_for(document.lang), places=place_book())
    return DocumentAnalysis(document, tuple(claims), tuple(mentions), tuple(dates))


def analyze_document(document: Document, nlp: Language | Models | None = None,
                     anchor=None) -> DocumentAnalysis:
    """One document from raw text to claims, mentions and dates (raises on failure)."""
    models = as_models(nlp)
    document, dates = prepare(document, anchor, models)
    item = _Prepared(document, document, dates, _sentences(document, models))
    return _extract(document, dates, _parse_by_language([item], models, DEFAULT)[id(item)])


def _all_boilerplate(document: Document, start: int, end: int) -> bool:
    return any(b_start <= start and end <= b_end for b_start, b_end in document.boilerplate)
