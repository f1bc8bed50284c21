"""`recoupe spark`: the same analysis as `recoupe analyze`, spread over a Spark cluster.

Where each step runs (docs/spark.md says it for users):

- **executors**: reading the articles (JSONL or Parquet), the cheap dating pass that
  gives the run its anchor date, the whole per-document pipeline
  (:func:`recoupe.pipeline.analyze_documents`, one spaCy load per Python worker) and
  each document's slot mentions; after linking, giving claims their entity ids
  (:func:`recoupe.pipeline.link_claims`, entities broadcast) and the comparisons, one
  story per group (:func:`recoupe.reconcile.compare_claims` — claims of different
  stories are never compared, so a story is an exact partition);
- **Spark aggregations**: the run's main country (mentions grouped by country, counted,
  ties broken by first appearance as :class:`collections.Counter` does) and the
  grouping of claims by story for the comparisons;
- **driver**: entity clustering (:func:`recoupe.link.entities.link_entities` — one
  global decision over every mention), stories, timeline, framing, events and the
  output files.

The results equal a single-machine `recoupe analyze` on the same articles
(tests/test_spark.py checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError, one_line, reject
from recoupe.records import (
    Claim,
    Comparison,
    DateMention,
    Document,
    Entity,
    Mention,
    Rejected,
    to_json,
)
from recoupe.settings import DEFAULT

EXIT_OK, EXIT_SOME_REJECTED, EXIT_USAGE = 0, 1, 2
ARTICLE_COLUMNS = ("text", "id", "title", "url", "outlet", "published", "lang")
PARQUET_TABLES = ("claims", "entities", "comparisons")


# --------------------------------------------------------------------------- CLI


def add_spark_parser(subparsers: Any) -> argparse.ArgumentParser:
    """The `recoupe spark` subcommand, added to the main parser's subparsers."""
    parser = subparsers.add_parser(
        "spark",
        help="analyse a large corpus on a Spark cluster (needs recoupe[spark])",
        description="Analyse JSONL or Parquet articles (columns text, id, title, url, outlet, "
        "published, lang) with Spark; writes the CONTRACT.md files plus Parquet copies of "
        "claims, entities and comparisons. See docs/spark.md.",
        epilog="example: recoupe spark articles.jsonl --out out/ --master local[2]",
    )
    parser.add_argument("input", metavar="INPUT", help="a .jsonl/.parquet file or a folder")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--master", default=None,
                        help="Spark master, e.g. local[2] (default: spark-submit's --master, "
                        "else local[*])")
    parser.add_argument("--format", choices=("auto", "jsonl", "parquet"), default="auto",
                        help="input format (default: from the file name)")
    parser.add_argument("--partitions", type=int, default=None,
                        help="partitions of the article table (default: Spark's parallelism)")
    parser.add_argument("--model", default=DEFAULT.spacy_model,
                        help="spaCy model installed on every executor")
    parser.add_argument("--parquet-out", default=None,
                        help="where the Parquet copies go, e.g. hdfs://… or s3a://… on a "
                        "cluster (default: OUT)")
    parser.add_argument("--quiet", action="store_true", help="no summary line")
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m recoupe.spark ARGS` and spark-submit's entry: `recoupe spark` alone."""
    parser = argparse.ArgumentParser(prog="recoupe")
    add_spark_parser(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(["spark", *(sys.argv[1:] if argv is None else argv)])
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return run_spark(args)


def run_spark(args: argparse.Namespace) -> int:
    """Run `recoupe spark` from parsed arguments; returns the exit status."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("recoupe: `recoupe spark` needs pyspark: pip install 'recoupe[spark]'",
              file=sys.stderr)
        return EXIT_USAGE
    if not _exists(args.input):
        print(f"recoupe: {args.input}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    spark = session(args.master)
    try:
        result = analyze_spark(spark, args.input, args.out, fmt=args.format,
                               partitions=args.partitions, model=args.model,
                               parquet_out=args.parquet_out)
    finally:
        spark.stop()
    for item in result.rejected:
        print(one_line(item), file=sys.stderr)
    if not args.quiet:
        print(f"recoupe: {len(result.documents)} documents, {len(result.claims)} claims, "
              f"{len(result.rejected)} rejected → {args.out}", file=sys.stderr)
    if not result.documents:
        return EXIT_USAGE
    return EXIT_SOME_REJECTED if result.rejected else EXIT_OK


def _exists(path: str) -> bool:
    """Local paths must exist; cluster URIs (hdfs://, s3a://…) are Spark's to check."""
    return "://" in path or Path(path).exists()


def session(master: str | None = None, app: str = "recoupe"):
    """A SparkSession with no web UI; in local mode bound to 127.0.0.1.

    ``master`` None means spark-submit's ``--master`` when launched by spark-submit,
    else ``local[*]``.

    Local workers run this very interpreter so they import the same recoupe (PySpark
    reads ``PYSPARK_PYTHON`` when the context starts, not the ``spark.pyspark.python``
    setting, which only spark-submit honours).
    """
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = "local[*]"  # not under spark-submit, which brings its own --master
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # One machine: workers run this interpreter; nothing listens beyond loopback.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# --------------------------------------------------------------------------- reading


def input_format(path: str, fmt: str = "auto") -> str:
    """``jsonl`` or ``parquet``: as told, else from the name (a folder of .parquet parts)."""
    if fmt != "auto":
        return fmt
    p = Path(path)
    if p.suffix == ".parquet" or (p.is_dir() and any(p.glob("*.parquet"))):
        return "parquet"
    return "jsonl"


def read_articles(spark, path: str, fmt: str = "auto", partitions: int | None = None):
    """RDD of JSON strings, each a serialised Document or a Rejected, one per article.

    A row without an id gets ``<stem>-<n>`` (n counts rows from 1 across the input), as
    `recoupe analyze` numbers the lines of one JSONL file.
    """
    stem = Path(path.rstrip("/")).stem
    if input_format(path, fmt) == "parquet":
        frame = spark.read.parquet(path)
        columns = [c for c in ARTICLE_COLUMNS if c in frame.columns]
        lines = frame.select(*columns).rdd.map(_row_line)
    else:
        lines = spark.sparkContext.textFile(path)
    if partitions:
        lines = lines.repartition(partitions)
    return (lines.zipWithIndex()
            .filter(lambda li: li[0].strip() != "")
            .map(lambda li: _article(li[0], li[1] + 1, stem, path)))


def _row_line(row) -> str:
    """A Parquet row as the JSONL line `recoupe analyze` would read."""
    data = {k: (v.isoformat()[:10] if isinstance(v, dt.date) else v)
            for k, v in row.asDict().items() if v is not None}
    return json.dumps(data, ensure_ascii=False)


def _article(line: str, number: int, stem: str, source: str) -> str:
    from recoupe.ingest.jsonl import line_document

    try:
        document = line_document(line, f"{stem}-{number}")
    except RecoupeError as err:
        return json.dumps({"rejected": to_json(reject(f"{source}:{number}", err.code,
                                                      err.detail))})
    return json.dumps({"document": to_json(document)}, ensure_ascii=False)


# --------------------------------------------------------------------------- executors


def anchor_date(articles) -> dt.date | None:
    """The run's anchor date, as :func:`recoupe.pipeline._run_anchor` computes it."""
    from recoupe.link.dates import corpus_anchor

    return corpus_anchor(articles.map(_prepared_date).filter(lambda d: d != "-").collect())


def _prepared_date(line: str) -> str | None:
    from recoupe.pipeline import prepare
    from recoupe.store import document_from_json

    data = json.loads(line)
    if "document" not in data:
        return "-"
    return prepare(document_from_json(data["document"]))[0].published


_MODELS: dict[str, Any] = {}


def _executor_nlp(model: str):
    """The spaCy pipeline, loaded once per Python worker and kept for its next tasks."""
    if model not in _MODELS:
        from recoupe.nlp import load_pipeline

        _MODELS[model] = load_pipeline(model)
    return _MODELS[model]


def analyze_partition(lines: Iterable[str], model: str, anchor) -> Iterator[str]:
    """mapPartitions body: each article's analysis (or rejection) as one JSON string."""
    from recoupe.pipeline import _slot_mentions, analyze_documents
    from recoupe.store import document_from_json

    documents: list[Document] = []
    for line in lines:
        data = json.loads(line)
        if "rejected" in data:
            yield line
        else:
            documents.append(document_from_json(data["document"]))
    if not documents:
        return
    for result in analyze_documents(documents, _executor_nlp(model), anchor):
        if isinstance(result, Rejected):
            yield json.dumps({"rejected": to_json(result)}, ensure_ascii=False)
            continue
        slots = _slot_mentions(result.claims, result.mentions)
        yield json.dumps({
            "document": to_json(result.document), "claims": to_json(result.claims),
            "mentions": to_json(result.mentions), "dates": to_json(result.dates),
            "slots": to_json(slots),
        }, ensure_ascii=False)


# --------------------------------------------------------------------------- driver


@dataclass(frozen=True)
class Analysed:
    """Per-document records gathered on the driver, in the store's order (doc id, seq)."""

    documents: list[Document]
    claims: list[Claim]
    mentions: list[Mention]
    slots: list[Mention]
    dates: list[DateMention]
    rejected: list[Rejected]


def gather(rows: Iterable[str]) -> Analysed:
    """Rebuild the records from the executors' JSON rows, sorted as the store returns them."""
    from recoupe.store import (
        claim_from_json,
        date_mention_from_json,
        document_from_json,
        mention_from_json,
    )

    per_doc, rejected = [], []
    for line in rows:
        data = json.loads(line)
        if "rejected" in data:
            rejected.append(Rejected(**data["rejected"]))
        else:
            per_doc.append(data)
    per_doc.sort(key=lambda d: d["document"]["id"])
    return Analysed(
        documents=[document_from_json(d["document"]) for d in per_doc],
        claims=[claim_from_json(c) for d in per_doc for c in d["claims"]],
        mentions=[mention_from_json(m) for d in per_doc for m in d["mentions"]],
        slots=[mention_from_json(m) for d in per_doc for m in d["slots"]],
        dates=[date_mention_from_json(m) for d in per_doc for m in d["dates"]],
        rejected=rejected,
    )


def main_country(spark, mentions: list[Mention]) -> str | None:
    """The country most place mentions lie in, counted as a Spark aggregation.

    Ties go to the country seen first, as ``Counter.most_common`` breaks them in
    :func:`recoupe.pipeline.link_run`.
    """
    located = (spark.sparkContext.parallelize(list(enumerate(to_json(mentions))))
               .flatMap(_country_of)
               .reduceByKey(lambda a, b: (a[0] + b[0], min(a[1], b[1])))
               .collect())
    if not located:
        return None
    return min(located, key=lambda kv: (-kv[1][0], kv[1][1]))[0]


def _country_of(item: tuple[int, dict[str, Any]]) -> list[tuple[str, tuple[int, int]]]:
    from recoupe.link.gazetteer import geocode

    order, mention = item
    if mention["label"] != "LOC":
        return []
    geo = geocode(mention["text"])
    return [(geo.country, (1, order))] if geo and geo.country else []


def link_claims_spark(spark, claims: list[Claim], entities: list[Entity]) -> list[Claim]:
    """Claims given their entities on the executors, the entities broadcast."""
    from recoupe.store import claim_from_json

    shared = spark.sparkContext.broadcast(json.dumps(to_json(entities), ensure_ascii=False))
    rows = (spark.sparkContext.parallelize(list(enumerate(to_json(claims))))
            .mapPartitions(lambda part: _link_partition(part, shared.value))
            .collect())
    return [claim_from_json(c) for _, c in sorted(rows, key=lambda r: r[0])]


def _link_partition(part: Iterable[tuple[int, dict]], entities_json: str
                    ) -> Iterator[tuple[int, dict]]:
    from recoupe.pipeline import link_claims
    from recoupe.store import claim_from_json, entity_from_json

    items = list(part)
    entities = [entity_from_json(e) for e in json.loads(entities_json)]
    linked = link_claims([claim_from_json(c) for _, c in items], entities)
    for (order, _), claim in zip(items, linked, strict=True):
        yield order, to_json(claim)


def compare_spark(spark, claims: list[Claim], documents: list[Document],
                  entities: list[Entity], stories: dict[str, str]) -> list[Comparison]:
    """Comparisons with claims grouped by story in Spark, each story compared on an executor.

    Claims of different stories are never compared (a comparison's key starts with
    its story), so comparing story by story gives the single-machine result.
    """
    from recoupe.reconcile.compare import _order
    from recoupe.reconcile.stories import story_id
    from recoupe.store import comparison_from_json

    sc = spark.sparkContext
    shared = sc.broadcast(json.dumps({
        "documents": to_json(documents), "entities": to_json(entities), "stories": stories,
    }, ensure_ascii=False))
    keyed = [(stories.get(c.doc) or story_id([c.doc]), (n, to_json(c)))
             for n, c in enumerate(claims)]
    rows = (sc.parallelize(keyed).groupByKey()
            .flatMap(lambda kv: _compare_story(kv[1], shared.value))
            .collect())
    return sorted((comparison_from_json(r) for r in rows), key=_order)


def _compare_story(members: Iterable[tuple[int, dict]], context_json: str) -> list[dict]:
    from recoupe.reconcile import compare_claims
    from recoupe.store import claim_from_json, document_from_json, entity_from_json

    context = json.loads(context_json)
    claims = [claim_from_json(c) for _, c in sorted(members, key=lambda m: m[0])]
    docs = {c.doc for c in claims}
    documents = [document_from_json(d) for d in context["documents"] if d["id"] in docs]
    entities = [entity_from_json(e) for e in context["entities"]]
    return [to_json(c) for c in compare_claims(claims, documents, entities, context["stories"])]


def cross_document(spark, analysed: Analysed):
    """Linking and reconciling, as :func:`recoupe.pipeline.link_run` does from a store."""
    from recoupe.link.entities import link_entities, with_short_forms
    from recoupe.link.timeline import build_timeline
    from recoupe.pipeline import CrossDocument
    from recoupe.reconcile import events, find_stories, framing

    all_mentions = analysed.mentions + analysed.slots
    entities = with_short_forms(link_entities(all_mentions, main_country(spark, all_mentions)))
    linked = link_claims_spark(spark, analysed.claims, entities)
    documents = analysed.documents
    timeline = build_timeline(documents, analysed.dates)
    stories = find_stories(documents, analysed.mentions, analysed.dates, entities)
    comparisons = compare_spark(spark, linked, documents, entities, stories)
    return CrossDocument(
        claims=linked, entities=entities, timeline=timeline, stories=stories,
        comparisons=comparisons, framing=framing(linked, documents),
        events=events(comparisons, linked, documents, entities),
    )


def analyze_spark(spark, path: str, out: Path, *, fmt: str = "auto",
                  partitions: int | None = None, model: str = DEFAULT.spacy_model,
                  parquet_out: str | None = None):
    """The whole run on ``spark``: returns a :class:`recoupe.pipeline.RunResult`.

    The driver writes the CONTRACT.md files into ``out``; Spark writes the
    ``claims``/``entities``/``comparisons`` Parquet folders under ``parquet_out``
    (default ``out``: right in local mode; on a cluster give a shared URI).
    """
    from recoupe.pipeline import RunResult
    from recoupe.report import write_output_folder

    articles = read_articles(spark, path, fmt, partitions).cache()
    anchor = spark.sparkContext.broadcast(anchor_date(articles))
    rows = articles.mapPartitions(
        lambda part: analyze_partition(part, model, anchor.value)).collect()
    articles.unpersist()
    analysed = gather(rows)
    cross = cross_document(spark, analysed)
    result = RunResult(
        tuple(analysed.documents), tuple(cross.claims), tuple(cross.entities),
        tuple(cross.timeline), tuple(analysed.rejected), len(analysed.documents), 0,
        comparisons=tuple(cross.comparisons), framing=tuple(cross.framing),
        events=tuple(cross.events), stories=cross.stories,
    )
    report = write_output_folder(out, result)
    write_parquet(spark, parquet_out or str(out.resolve()),
                  {name: report[name] for name in PARQUET_TABLES})
    return result


def write_parquet(spark, base: str, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Parquet copies of the contract tables (``<base>/<name>.parquet/``).

    ``extra`` holds free-form dicts whose shape varies row to row, so it is kept as a
    JSON string column rather than a schema Spark would have to guess.
    """
    for name, rows in tables.items():
        lines = [json.dumps(_flat_extra(r), ensure_ascii=False) for r in rows]
        target = f"{base.rstrip('/')}/{name}.parquet"
        if not lines:
            continue
        frame = spark.read.json(spark.sparkContext.parallelize(lines, 1))
        frame.write.mode("overwrite").parquet(target)


def _flat_extra(row: dict[str, Any]) -> dict[str, Any]:
    if "extra" in row:
        return {**row, "extra": json.dumps(row["extra"], ensure_ascii=False)}
    return row


if __name__ == "__main__":
    # Re-import under the package name so Spark pickles these functions by reference.
    from recoupe.spark import main as _main

    sys.exit(_main())
