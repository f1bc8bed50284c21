"""The `recoupe` command: thin commands over library functions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from recoupe import __version__
from recoupe.errors import RecoupeError, error_line, one_line
from recoupe.report.templating import UI_LANGS

EXIT_OK, EXIT_SOME_REJECTED, EXIT_USAGE = 0, 1, 2


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--workers 0`` is a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recoupe",
        description="Cross-check what news articles claim about one crisis.",
    )
    parser.add_argument("--version", action="version", version=f"recoupe {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_analyze(sub)
    _add_eval(sub)
    _add_forget(sub)

    from recoupe.serve import add_serve_parser

    add_serve_parser(sub)
    from recoupe.spark import add_spark_parser

    add_spark_parser(sub)
    return parser


def _add_analyze(sub: Any) -> None:
    analyze = sub.add_parser(
        "analyze",
        help="analyse articles into the CONTRACT.md output folder",
        description="Analyse articles (files, folders, URLs, or - for JSONL on stdin). "
        "Settings come from recoupe.toml (or --config), then RECOUPE_* variables, then flags.",
        epilog="example: recoupe analyze articles/ https://example.org/a.html --out out/",
    )
    analyze.add_argument("inputs", nargs="+", metavar="INPUT")
    analyze.add_argument("--out", required=True, type=Path, help="output folder")
    analyze.add_argument("--store", type=Path, default=None,
                         help="SQLite store (default: OUT/recoupe.sqlite)")
    analyze.add_argument("--quiet", action="store_true", help="no progress bar")
    analyze.add_argument("--workers", type=positive_int, default=None,
                         help="processes analysing documents in parallel (default 1)")
    analyze.add_argument("--config", type=Path, default=None,
                         help="settings file (default: ./recoupe.toml when there is one)")
    analyze.add_argument("--ui-lang", choices=UI_LANGS, default=None,
                         help="language of the report's interface (default: the corpus's "
                         "main language)")


def _add_eval(sub: Any) -> None:
    ev = sub.add_parser(
        "eval",
        help="score an output folder against hand annotations",
        description="Score predicted claims (and entities, timeline, documents when their "
        "gold files sit beside GOLD) against a gold claims file. See docs/eval.md.",
        epilog="example: recoupe eval ../shared/eval/kazakhstan-2022.claims.gold.jsonl out/",
    )
    ev.add_argument("gold_arg", nargs="?", type=Path, metavar="GOLD",
                    help="gold claims file (or --gold)")
    ev.add_argument("pred_arg", nargs="?", type=Path, metavar="OUT",
                    help="output folder to score (or --pred)")
    ev.add_argument("--gold", type=Path, default=None)
    ev.add_argument("--pred", type=Path, default=None)
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")


def _add_forget(sub: Any) -> None:
    forget = sub.add_parser(
        "forget",
        help="remove documents from a store and recompute what was derived from them",
        description="Delete documents (by id) from a store with their claims, then "
        "recompute entities, comparisons, timeline, stories, framing and events over the "
        "documents left. With --out, the output folder is written again from the store.",
        epilog="example: recoupe forget 003_a6be986a3e006299 --store out/recoupe.sqlite "
        "--out out/",
    )
    forget.add_argument("ids", nargs="+", metavar="DOC", help="document id")
    forget.add_argument("--store", required=True, type=Path, help="SQLite store")
    forget.add_argument("--out", type=Path, default=None,
                        help="output folder to write again from the store")
    forget.add_argument("--ui-lang", choices=UI_LANGS, default=None,
                        help="language of the report written with --out (default: the "
                        "corpus's main language)")
    forget.add_argument("--config", type=Path, default=None,
                        help="settings file (default: ./recoupe.toml when there is one)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return _dispatch(parser, args)
    except RecoupeError as err:  # the catalogue's one line and exit status, no traceback
        print(error_line(err), file=sys.stderr)
        return err.exit_code


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "forget":
        return _forget(args)
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
    from recoupe.settings import load_settings

    settings = load_settings(args.config, overrides={"workers": args.workers})
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"recoupe: {out}: cannot create the output folder ({exc.strerror})", file=sys.stderr)
        return EXIT_USAGE
    store_path = args.store or out / "recoupe.sqlite"
    progress = _Progress() if not args.quiet and sys.stderr.isatty() else None

    def say(line: str, style: str = "") -> None:
        if progress:
            progress.console.print(line, style=style, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr)

    for name in skipped_files(args.inputs):
        say(f"recoupe: {name}: skipped (not .txt, .html, .htm or .jsonl)")
    try:
        if progress:
            progress.start(count_documents(args.inputs))
        result = run(
            args.inputs, store_path, settings, stdin=sys.stdin if "-" in args.inputs else None,
            on_document=progress.advance if progress else None,
            on_rejected=lambda item: say(one_line(item), "red"),
            on_note=lambda line: say(f"recoupe: {line}"),
            on_stage=progress.stage if progress else None,
        )
        if progress:
            progress.stage("writing the output files")
        write_output_folder(out, result, store_path, settings.report_texts_up_to,
                            ui_lang=args.ui_lang)
    finally:
        if progress:
            progress.stop()
    return _summary(args, result, out)


def _summary(args: argparse.Namespace, result: Any, out: Path) -> int:
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


def _folder_files(inputs: Sequence[str]) -> Iterator[Path]:
    """Every file inside the folders among ``inputs``, in reading order."""
    for name in inputs:
        path = Path(name)
        if name != "-" and "://" not in name and path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())


def skipped_files(inputs: Sequence[str]) -> list[str]:
    """Files inside the input folders that are not read (a PDF, an image…), to be said."""
    from recoupe.ingest import SUFFIXES

    return [str(p) for p in _folder_files(inputs)
            if p.suffix.lower() not in SUFFIXES and not p.name.startswith(".")]


def count_documents(inputs: Sequence[str]) -> int | None:
    """How many documents the inputs hold, counted cheaply (a JSONL file: its lines);
    None when unknown (JSONL on standard input)."""
    from recoupe.ingest import SUFFIXES

    if "-" in inputs:
        return None
    total = 0
    for name in inputs:
        path = Path(name)
        files = list(_folder_files([name])) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".jsonl" and file.is_file():
                with file.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif file.suffix.lower() in SUFFIXES or not path.is_dir():
                total += 1
    return total


class _Progress:
    """A rich progress bar on a terminal: documents analysed of the total, their rate and
    the time left; then the name of each cross-document stage."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        # On stderr, the stream whose being a terminal decided that a bar is shown.
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            transient=True, console=Console(stderr=True))
        self.console = self._progress.console
        self._task = self._progress.add_task("reading inputs", total=None, rate="")

    def start(self, total: int | None) -> None:
        self._progress.update(self._task, total=total)
        self._progress.start()

    def stop(self) -> None:
        self._progress.stop()

    def advance(self, doc_id: str) -> None:
        self._progress.update(self._task, advance=1, description="analysing")
        speed = self._progress.tasks[0].speed
        if speed:
            self._progress.update(self._task, rate=f"{speed:.1f} doc/s")

    def stage(self, name: str) -> None:
        """A new stage without a count: the bar shows its name."""
        self._task = self._progress.add_task(name, total=None, rate="")
        for task in self._progress.tasks[:-1]:
            self._progress.update(task.id, visible=False)


def _forget(args: argparse.Namespace) -> int:
    from recoupe.forget import forget_documents
    from recoupe.ingest import shown
    from recoupe.pipeline import read_result
    from recoupe.report import write_output_folder
    from recoupe.settings import load_settings
    from recoupe.store import Store

    settings = load_settings(args.config)
    done = forget_documents(args.store, args.ids)
    for doc_id in done.unknown:
        # An id is the user's text: shown escaped, so that no id can forge another line.
        print(f"recoupe: {shown(doc_id)}: no such document in {args.store}", file=sys.stderr)
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"recoupe: {args.out}: cannot create the output folder ({exc.strerror})",
                  file=sys.stderr)
            return EXIT_USAGE
        with Store.open(args.store) as store:
            result = read_result(store)
        write_output_folder(args.out, result, args.store, settings.report_texts_up_to,
                            ui_lang=args.ui_lang)
    count = len(done.removed)
    print(f"recoupe: {count} document{'' if count == 1 else 's'} removed from {args.store}",
          file=sys.stderr)
    return EXIT_SOME_REJECTED if done.unknown else EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    import json

    from recoupe.evaluate import format_report, report_to_json, run_eval

    positional = [p for p in (args.gold_arg, args.pred_arg) if p is not None]
    gold = args.gold or (positional.pop(0) if positional else None)
    pred = args.pred or (positional.pop(0) if positional else None)
    if positional:
        print("recoupe eval: too many paths: give GOLD and OUT once", file=sys.stderr)
        return EXIT_USAGE
    if gold is None or pred is None:
        print("recoupe eval: give GOLD and OUT (or --gold and --pred)", file=sys.stderr)
        return EXIT_USAGE
    for path, what in ((gold, "gold file"), (pred, "prediction folder")):
        if not path.exists():
            print(f"recoupe: {path}: no such {what}", file=sys.stderr)
            return EXIT_USAGE
    report = run_eval(gold, pred)
    if args.json:
        print(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
