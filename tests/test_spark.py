"""`recoupe spark` on local[2] gives what the single-machine run gives.

One Spark run of the shared corpus (as JSONL) through the command's own entry point,
compared record for record with :func:`recoupe.pipeline.run` on the same files; plus
the Parquet input and output, and the small pure helpers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from recoupe.pipeline import IN_PROCESS
from recoupe.records import to_json
from recoupe.report.files import entity_row
from recoupe.spark import (
    SparkExecutor,
    _article,
    _row_line,
    add_spark_parser,
    input_format,
    read_articles,
    run_spark,
    session,
)

pytestmark = pytest.mark.slow


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _corpus_jsonl(corpus_dir: Path, target: Path) -> Path:
    """The shared corpus as one JSONL file: id = file stem, text = file content."""
    with target.open("w", encoding="utf-8") as fh:
        for path in sorted(corpus_dir.glob("*.txt")):
            row = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return target


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="recoupe")
    add_spark_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


@pytest.fixture(scope="module")
def runs(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The Spark output folder and the single-machine RunResult, on the same articles."""
    from recoupe.pipeline import run

    tmp = tmp_path_factory.mktemp("spark")
    articles = _corpus_jsonl(corpus_dir, tmp / "articles.jsonl")
    out = tmp / "out"
    status = run_spark(_parse(["spark", str(articles), "--out", str(out),
                               "--master", "local[2]", "--quiet"]))
    single = run([str(corpus_dir)], tmp / "s.sqlite")
    return status, out, single


def test_spark_equals_single_machine(runs) -> None:
    status, out, single = runs
    assert status == 0
    assert _read_jsonl(out / "claims.jsonl") == [to_json(c) for c in single.claims]
    assert _read_jsonl(out / "entities.jsonl") == [entity_row(e) for e in single.entities]
    assert _read_jsonl(out / "comparisons.jsonl") == [to_json(c) for c in single.comparisons]
    assert len(single.claims) > 0 and len(single.comparisons) > 0  # a real comparison
    documents = _read_jsonl(out / "documents.jsonl")
    assert [(d["id"], d["published"]) for d in documents] == \
        [(d.id, d.published) for d in single.documents]
    for name in ("timeline.jsonl", "framing.jsonl", "events.csv", "errors.jsonl",
                 "report.html"):
        assert (out / name).is_file(), name


@pytest.fixture(scope="module")
def spark(runs):
    """A second local[2] session, opened after the command closed its own."""
    spark = session("local[2]")
    yield spark
    spark.stop()


def test_parquet_copies_hold_the_jsonl_rows(runs, spark) -> None:
    _, out, _ = runs
    for name, key in (("claims", "id"), ("entities", "id"), ("comparisons", "claims")):
        rows = spark.read.parquet(str(out / f"{name}.parquet")).select(key).collect()
        expected = [r[key] for r in _read_jsonl(out / f"{name}.jsonl")]
        assert sorted(map(str, (r[0] for r in rows))) == sorted(map(str, expected)), name


def test_parquet_input_reads_as_jsonl(spark, tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "text": "Séisme : au moins 12 morts.\n\nLe bilan est provisoire.",
         "title": "Séisme", "outlet": "Le Quotidien", "published": "2023-02-07", "lang": "fr"},
        {"id": None, "text": "Inondations : 40 000 sinistrés selon la préfecture.",
         "title": None, "outlet": None, "published": None, "lang": None},
    ]
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                     encoding="utf-8")
    parquet = tmp_path / "articles.parquet"
    spark.createDataFrame(rows, schema="id string, text string, title string, outlet string, "
                          "published string, lang string").coalesce(1).write.parquet(str(parquet))

    def documents(path: Path) -> list[dict]:
        found = [json.loads(r)["document"] for r in read_articles(spark, str(path)).collect()]
        return sorted(({k: v for k, v in d.items() if k != "id"} for d in found),
                      key=lambda d: d["text"])

    assert input_format(str(parquet)) == "parquet"
    assert documents(parquet) == documents(jsonl)


def test_spark_executor_maps_like_the_in_process_one(spark) -> None:
    import operator  # a function the executors can import (a test module they cannot)

    items, shared = list("abcabcab"), {"a": 1, "b": 10, "c": 100}
    expected = IN_PROCESS.map(operator.getitem, items, shared)
    assert expected[:3] == [1, 10, 100]  # the shared value reached each task, in order
    assert SparkExecutor(spark).map(operator.getitem, items, shared) == expected
    assert SparkExecutor(spark).map(operator.getitem, [], shared) == []


@pytest.mark.parametrize(("line", "expected"), [
    ('{"text": "Trois blessés à Nice.", "id": "n1"}', {"document": "n1"}),
    ('{"text": "Trois blessés à Nice."}', {"document": "in-4"}),
    ("pas du JSON", {"rejected": "in.jsonl:4"}),
    ('{"id": "vide", "text": "  "}', {"rejected": "in.jsonl:4"}),
    ("[1, 2]", {"rejected": "in.jsonl:4"}),
])
def test_article_lines(line: str, expected: dict) -> None:
    data = json.loads(_article(line, 4, "in", "in.jsonl"))
    found = {k: v["id"] if k == "document" else v["input"] for k, v in data.items()}
    assert found == expected


@pytest.mark.parametrize(("name", "fmt", "expected"), [
    ("a.jsonl", "auto", "jsonl"),
    ("a.parquet", "auto", "parquet"),
    ("hdfs://cluster/articles", "auto", "jsonl"),
    ("a.data", "parquet", "parquet"),
])
def test_input_format(name: str, fmt: str, expected: str) -> None:
    assert input_format(name, fmt) == expected


def test_parquet_row_dates_read_as_iso() -> None:
    import datetime as dt

    class Row:
        def asDict(self) -> dict:  # noqa: N802 — pyspark's name
            return {"text": "x", "published": dt.datetime(2023, 2, 7, 9, 30), "url": None}

    assert json.loads(_row_line(Row())) == {"text": "x", "published": "2023-02-07"}
