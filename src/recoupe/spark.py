"""`recoupe spark`: the same analysis as `recoupe analyze`, spread over a Spark cluster.

Where each step runs (docs/spark.md says it for users):

- **executors**: reading the articles (JSONL or Parquet), the cheap dating pass that
  gives the run its anchor date, the per-document stage
  (:func:`recoupe.pipeline.analyze_documents`, each language's spaCy model loaded once
  per Python worker), and the parallel parts of the cross-document stage
  (:func:`recoupe.pipeline.cross_document`: claims linked to their entities, then the
  comparisons of each story), run through :class:`SparkExecutor`;
- **driver**: the rest of :func:`recoupe.pipeline.cross_document` (entity clustering,
  one global decision over every mention; stories, timeline, framing, events) and the
  output files.

This module supplies only the distribution: every stage is the function `recoupe
analyze` calls, so the results equal a single-machine run on the same articles
(tests/test_spark.py checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError, one_line, reject
from recoupe.records import Claim, DateMention, Document, Mention, Rejected, to_json
from recoupe.settings import DEFAULT, Settings, load_settings

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
    parser.add_argument("--model", default=None,
                        help="spaCy model for French documents, installed on every executor "
                        f"(default {DEFAULT.model_fr})")
    parser.add_argument("--config", type=Path, default=None,
                        help="settings file (default: ./recoupe.toml when there is one)")
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
    try:
        settings = load_settings(getattr(args, "config", None),
                                 overrides={"model_fr": args.model})
    except RecoupeError as err:
        print(f"recoupe: {err.sentence}", file=sys.stderr)
        return err.exit_code
    spark = session(args.master)
    try:
        result = analyze_spark(spark, args.input, args.out, fmt=args.format,
                               partitions=args.partitions, settings=settings,
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
    """The run's anchor date: the one `recoupe analyze` takes from its stored dates."""
    from recoupe.link.dates import corpus_anchor

    return corpus_anchor(articles.map(_prepared_date).filter(lambda d: d != "-").collect())


def _prepared_date(line: str) -> str | None:
    from recoupe.pipeline import prepare
    from recoupe.store import document_from_json

    data = json.loads(line)
    if "document" not in data:
        return "-"
    return prepare(document_from_json(data["document"]))[0].published


_MODELS: dict[Settings, Any] = {}


def _executor_models(settings: Settings):
    """The spaCy pipelines, loaded once per Python worker (each language on first use)."""
    if settings not in _MODELS:
        from recoupe.pipeline import Models

        _MODELS[settings] = Models(settings)
    return _MODELS[settings]


def analyze_partition(lines: Iterable[str], settings: Settings, anchor) -> Iterator[str]:
    """mapPartitions body: each article's analysis (or rejection) as one JSON string."""
    from recoupe.pipeline import DocumentAnalysis, analyze_documents
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
    for result in analyze_documents(documents, _executor_models(settings), anchor,
                                    settings=settings):
        if isinstance(result, Rejected):
            yield json.dumps({"rejected": to_json(result)}, ensure_ascii=False)
            continue
        # analyze_documents defers nothing unless asked (defer_undated): every dated
        # document comes with the driver's anchor.
        assert isinstance(result, DocumentAnalysis), "a document was deferred"
        yield json.dumps({
            "document": to_json(result.document), "claims": to_json(result.claims),
            "mentions": to_json(result.mentions), "dates": to_json(result.dates),
        }, ensure_ascii=False)


class SparkExecutor:
    """The cross-document stage's parallel parts (linking claims, comparing each story)
    as Spark tasks: ``shared`` is broadcast once, each item is one task's input."""

    def __init__(self, spark) -> None:
        self._sc = spark.sparkContext

    def map(self, fn: Callable[[Any, Any], Any], items: Sequence[Any], shared: Any
            ) -> list[Any]:
        if not items:
            return []
        broadcast = self._sc.broadcast(shared)
        try:
            slices = min(len(items), self._sc.defaultParallelism)
            return (self._sc.parallelize(list(items), slices)
                    .map(lambda item: fn(broadcast.value, item)).collect())
        finally:
            broadcast.unpersist()


# --------------------------------------------------------------------------- driver


@dataclass(frozen=True)
class Analysed:
    """Per-document records gathered on the driver, in the store's order (doc id, seq)."""

    documents: list[Document]
    claims: list[Claim]
    mentions: list[Mention]
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
        dates=[date_mention_from_json(m) for d in per_doc for m in d["dates"]],
        rejected=rejected,
    )


def analyze_spark(spark, path: str, out: Path, *, fmt: str = "auto",
                  partitions: int | None = None, settings: Settings = DEFAULT,
                  parquet_out: str | None = None):
    """The whole run on ``spark``: returns a :class:`recoupe.pipeline.RunResult`.

    The driver writes the CONTRACT.md files into ``out``; Spark writes the
    ``claims``/``entities``/``comparisons`` Parquet folders under ``parquet_out``
    (default ``out``: right in local mode; on a cluster give a shared URI).
    """
    from recoupe.pipeline import RunResult, cross_document
    from recoupe.report import write_output_folder

    articles = read_articles(spark, path, fmt, partitions).cache()
    anchor = spark.sparkContext.broadcast(anchor_date(articles))
    rows = articles.mapPartitions(
        lambda part: analyze_partition(part, settings, anchor.value)).collect()
    articles.unpersist()
    analysed = gather(rows)
    cross = cross_document(analysed.documents, analysed.claims, analysed.mentions,
                           analysed.dates, executor=SparkExecutor(spark))
    result = RunResult(
        tuple(analysed.documents), tuple(cross.claims), tuple(cross.entities),
        tuple(cross.timeline), tuple(analysed.rejected), len(analysed.documents), 0,
        comparisons=tuple(cross.comparisons), framing=tuple(cross.framing),
        events=tuple(cross.events), stories=cross.stories,
    )
    report = write_output_folder(out, result, texts_up_to=settings.report_texts_up_to)
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
