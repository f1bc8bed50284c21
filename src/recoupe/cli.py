"""The `recoupe` command: thin commands over library functions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from recoupe import __version__
from recoupe.errors import one_line

EXIT_OK, EXIT_SOME_REJECTED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recoupe",
        description="Cross-check what news articles claim about one crisis.",
    )
    parser.add_argument("--version", action="version", version=f"recoupe {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    analyze = sub.add_parser(
        "analyze",
        help="analyse articles into the CONTRACT.md output folder",
        description="Analyse articles (files, folders, URLs, or - for JSONL on stdin).",
        epilog="example: recoupe analyze articles/ https://example.org/a.html --out out/",
    )
    analyze.add_argument("inputs", nargs="+", metavar="INPUT")
    analyze.add_argument("--out", required=True, type=Path, help="output folder")
    analyze.add_argument("--store", type=Path, default=None,
                         help="SQLite store (default: OUT/recoupe.sqlite)")
    analyze.add_argument("--quiet", action="store_true", help="no progress bar")
    analyze.add_argument("--workers", type=int, default=1,
                         help="processes analysing documents in parallel (default 1)")

    ev = sub.add_parser(
        "eval",
        help="score an output folder against hand annotations",
        description="Score predicted claims (and entities, timeline, documents when their "
        "gold files sit beside GOLD) against a gold claims file. See docs/eval.md.",
        epilog="example: recoupe eval --gold ../shared/eval/kazakhstan-2022.claims.gold.jsonl "
        "--pred out/",
    )
    ev.add_argument("--gold", required=True, type=Path)
    ev.add_argument("--pred", required=True, type=Path)
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")

    from recoupe.serve import add_serve_parser

    add_serve_parser(sub)
    from recoupe.spark import add_spark_parser

    add_spark_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "serve":
        from recoupe.serve import run_serve

        return run_serve(args)
    if args.command == "spark":
        from recoupe.spark import run_spark

        return run_spark(args)
    return EXIT_USAGE


def _analyze(args: argparse.Namespace) -> int:
    from recoupe.pipeline import run
    from recoupe.report import write_output_folder

    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"recoupe: {out}: cannot create the output folder ({exc.strerror})", file=sys.stderr)
        return EXIT_USAGE
    store_path = args.store or out / "recoupe.sqlite"
    show_progress = not args.quiet and sys.stderr.isatty()
    progress = _Progress() if show_progress else None

    def rejected(item) -> None:
        if progress:
            progress.console.print(one_line(item), style="red", markup=False, highlight=False)
        else:
            print(one_line(item), file=sys.stderr)

    try:
        if progress:
            progress.start()
        result = run(
            args.inputs, store_path, stdin=sys.stdin if "-" in args.inputs else None,
            on_document=progress.advance if progress else None, on_rejected=rejected,
            workers=max(1, args.workers),
        )
    finally:
        if progress:
            progress.stop()
    write_output_folder(out, result, store_path)
    if not args.quiet:
        print(f"recoupe: {len(result.documents)} documents ({result.analysed} analysed, "
              f"{result.reused} unchanged), {len(result.claims)} claims, "
              f"{len(result.rejected)} rejected → {out}", file=sys.stderr)
    if not result.documents and result.rejected:
        return EXIT_USAGE
    if not result.documents and not result.rejected:
        print("recoupe: no input document found", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_SOME_REJECTED if result.rejected else EXIT_OK


class _Progress:
    """A rich progress bar on a terminal; counts documents as they are read."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        # On stderr, the stream whose being a terminal decided that a bar is shown.
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                  TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                                  transient=True, console=Console(stderr=True))
        self.console = self._progress.console
        self._task = self._progress.add_task("analysing", total=None)

    def start(self) -> None:
        self._progress.start()

    def stop(self) -> None:
        self._progress.stop()

    def advance(self, doc_id: str) -> None:
        self._progress.update(self._task, advance=1, description=f"analysing {doc_id}")


def _eval(args: argparse.Namespace) -> int:
    import json

    from recoupe.evaluate import format_report, report_to_json, run_eval

    for path, what in ((args.gold, "gold file"), (args.pred, "prediction folder")):
        if not path.exists():
            print(f"recoupe: {path}: no such {what}", file=sys.stderr)
            return EXIT_USAGE
    report = run_eval(args.gold, args.pred)
    if args.json:
        print(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
