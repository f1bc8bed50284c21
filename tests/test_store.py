"""The SQLite store: round trips, idempotence, migrations, filters, concurrency.

Every test works on a real SQLite file in ``tmp_path``; the texts are invented.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import TEXT, make_claim, make_doc  # noqa: I001 (the shared factories)
from recoupe.errors import RecoupeError
from recoupe.records import (
    Claim,
    Comparison,
    DateMention,
    Document,
    Entity,
    Geo,
    Mention,
    MentionRef,
    Period,
    Place,
    Rejected,
    Source,
    TimelineEntry,
)
from recoupe.store import MIGRATIONS, Migration, Store, StoreError, migrate


def make_mentions(doc: str) -> list[Mention]:
    return [
        Mention(doc, 60, 64, "Tizi", "LOC"),
        Mention(doc, 73, 90, "protection civile", "ORG", role="porte-parole",
                sentence="selon la protection civile."),
    ]


def make_dates(doc: str) -> list[DateMention]:
    return [
        DateMention(doc, 65, 70, "mardi", "2023-03-07", "day", basis="weekday"),
        DateMention(doc, 140, 160, "entre le 3 et le 5 mars", "2023-03-03", "day",
                    relation="since", correction="mois déduit de la date de parution",
                    basis="partial"),
        DateMention(doc, 170, 174, "jadis", None, None, basis="relative"),
    ]


def save(store: Store, doc: Document, n_claims: int = 2) -> list[Claim]:
    claims = [make_claim(doc.id, n) for n in range(n_claims)]
    store.save_document(doc, claims=claims, mentions=make_mentions(doc.id),
                        dates=make_dates(doc.id))
    return claims


# -- round trips ----------------------------------------------------------------------------


def test_per_document_records_round_trip(store: Store) -> None:
    doc = make_doc()
    claims = [
        make_claim(doc.id, 0),
        make_claim(doc.id, 1, kind="injured", low=300, high=300, qualifier="about",
                   quantity_text="Environ 300", place=Place("Béjaïa", basis="sentence"),
                   period=Period("2023-03-03", "2023-03-05", "entre le 3 et le 5 mars",
                                 basis="document"),
                   source=None, sentence_span=None, subset_of=f"{doc.id}-c0", cue=None),
        make_claim(doc.id, 2, place=None, period=None, source=None, group_label=None,
                   outlet=None),
    ]
    store.save_document(doc, claims=claims, mentions=make_mentions(doc.id),
                        dates=make_dates(doc.id))

    assert list(store.documents()) == [doc]
    assert list(store.claims()) == claims
    assert list(store.mentions()) == make_mentions(doc.id)
    assert list(store.dates()) == make_dates(doc.id)


def test_minimal_document_round_trips(store: Store) -> None:
    doc = Document(id="bare", text="Trois morts.")
    store.save_document(doc, claims=[], mentions=[], dates=[])
    assert list(store.documents()) == [doc]


def test_run_records_round_trip(store: Store) -> None:
    mention = Mention("000_a", 60, 64, "Tizi", "LOC", role=None, sentence="À Tizi.")
    entities = [
        Entity("loc-tizi", "Tizi", "LOC", ("Tizi", "Tizi-Ouzou"), (mention,),
               Geo(36.7169, 4.0497, 2475752, "DZ", admin1="Tizi Ouzou", feature="city")),
        Entity("org-pc", "Protection civile", "ORG", ("protection civile",), ()),
    ]
    timeline = [
        TimelineEntry("2023-03-07", "day", "Séisme à Tizi",
                      (MentionRef("000_a", (65, 70), "mardi"),
                       MentionRef("000_b", (10, 17), "7 mars"))),
        TimelineEntry("2023-03", "month", "Répliques", ()),
    ]
    comparisons = [
        Comparison("killed", "civilians", "Tizi",
                   {"start": "2023-03-07", "end": None, "text": "mardi"},
                   ("000_a-c0", "000_b-c0"), "update", 42, 57,
                   "le bilan a augmenté entre les deux dates", story="s1", headline=42),
        Comparison("injured", "all", None, None, ("000_a-c1",), "single", 300, 300, "une source"),
    ]
    extra = {"framing": [{"doc": "000_a", "frame": "catastrophe"}], "events": [{"n": 1}]}
    store.save_run(entities=entities, timeline=timeline, comparisons=comparisons, extra=extra)

    assert store.entities() == entities
    assert store.timeline() == timeline
    assert store.comparisons() == comparisons
    assert [store.extra(name) for name in store.extra_names()] == [extra["events"],
                                                                    extra["framing"]]
    assert store.extra("nothing") == []


def test_save_run_replaces_the_previous_run(store: Store) -> None:
    entity = Entity("loc-x", "X", "LOC", ("X",), ())
    store.save_run(entities=[entity, entity], timeline=[], comparisons=[],
                   extra={"framing": [{"a": 1}, {"a": 2}]})
    store.save_run(entities=[entity], timeline=[], comparisons=[])
    counts = store.counts()
    assert (counts["entities"], counts["extra_rows"]) == (1, 0)


def test_rejected_input_saved_and_read_back(store: Store) -> None:
    first = Rejected("/in/vide.txt", "empty", "the input is empty")
    other = Rejected("/in/a.bin", "binary", "the input looks like binary data, not text")
    store.save_rejected(first)
    store.save_rejected(other)
    store.save_rejected(first)  # keyed by input: no duplicate
    assert store.rejected() == [other, first]
    store.forget_rejected(other.input)
    assert store.rejected() == [first]


# -- idempotence and replacement ------------------------------------------------------------


def test_saving_the_same_input_twice_keeps_the_same_counts(store: Store) -> None:
    for doc_id in ("000_a", "000_b"):
        save(store, make_doc(doc_id), n_claims=3)
    before = store.counts()
    for doc_id in ("000_a", "000_b"):
        save(store, make_doc(doc_id), n_claims=3)
    assert store.counts() == before
    assert before == {"documents": 2, "claims": 6, "mentions": 4, "dates": 6, "rejected": 0,
                      "entities": 0, "timeline": 0, "comparisons": 0, "extra_rows": 0}


def test_a_changed_document_replaces_its_results_only(store: Store) -> None:
    save(store, make_doc("000_a"), n_claims=3)
    kept = save(store, make_doc("000_b"), n_claims=2)
    changed = make_doc("000_a", text=TEXT + " Bilan revu : 57 morts.")
    new_claims = [make_claim("000_a", 9, low=57, qualifier="exact", quantity_text="57")]
    store.save_document(changed, claims=new_claims, mentions=[], dates=[])

    assert list(store.claims("000_a")) == new_claims
    assert list(store.claims("000_b")) == kept
    assert list(store.mentions("000_a")) == []
    assert [d.id for d in store.documents()] == ["000_a", "000_b"]
    assert next(store.documents()).text == changed.text


@pytest.mark.parametrize(
    ("saved_text", "asked_text", "status"),
    [
        (None, TEXT, "new"),
        (TEXT, TEXT, "unchanged"),
        (TEXT, TEXT + " Mise à jour.", "changed"),
    ],
)
def test_document_status(store: Store, saved_text: str | None, asked_text: str,
                         status: str) -> None:
    if saved_text is not None:
        save(store, make_doc("000_a", text=saved_text))
    assert store.document_status("000_a", make_doc("000_a", text=asked_text).hash) == status


def test_document_status_by_analysis_key(store: Store) -> None:
    from recoupe.store import document_rows

    doc = make_doc("000_a")
    store.save_rows(document_rows(doc, claims=[], mentions=[], dates=[], key="k1"))
    assert store.document_status("000_a", doc.hash, "k1") == "unchanged"
    assert store.document_status("000_a", doc.hash, "k2") == "changed"  # same text
    save(store, make_doc("000_b"))  # saved without a key, as an older recoupe did
    assert store.document_status("000_b", make_doc("000_b").hash, "k1") == "changed"
    stored = store.stored("000_a")
    assert stored is not None and (stored.hash, stored.key, stored.path) == \
        (doc.hash, "k1", "/corpus/000_a.txt")
    assert store.stored("nothing") is None


def test_links_are_stored_beside_the_claims_as_extracted(store: Store) -> None:
    extracted = save(store, make_doc("000_a"), n_claims=2)
    linked = [dataclasses.replace(c, place=Place("Tizi Ouzou", entity="loc-tizi-ouzou",
                                                 lat=36.71, lon=4.05, span=(60, 64)))
              for c in extracted]
    store.save_links(linked)
    assert list(store.claims()) == linked
    assert list(store.claims(linked=False)) == extracted
    assert [c.id for c in store.claims(place="loc-tizi-ouzou")] == [c.id for c in linked]
    assert [c.id for c in store.claims(place="tizi ouzou")] == [c.id for c in linked]
    assert list(store.claims(place="Tizi")) == []  # the linked name is the one filtered
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT DISTINCT lat, lon FROM claims").fetchall() == [(36.71, 4.05)]
    save(store, make_doc("000_a"), n_claims=2)  # re-analysed: unlinked until the next run
    assert list(store.claims()) == extracted


def test_a_failed_save_leaves_the_previous_version_whole(store: Store) -> None:
    old = save(store, make_doc("000_a"), n_claims=2)
    # An object JSON cannot hold fails after the old rows are deleted: all must roll back.
    broken = make_claim("000_a", 5, group_label=object())
    with pytest.raises(TypeError):
        store.save_document(make_doc("000_a", text="Autre texte."), claims=[broken],
                            mentions=[], dates=[])
    assert list(store.claims()) == old
    assert next(store.documents()).text == TEXT


def test_results_of_another_document_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="000_b"):
        store.save_document(make_doc("000_a"), claims=[make_claim("000_b", 0)], mentions=[],
                            dates=[])
    assert store.counts()["documents"] == 0


def test_deleting_a_document_cascades_to_its_results(store: Store) -> None:
    save(store, make_doc("000_a"))
    save(store, make_doc("000_b"))
    store.delete_document("000_a")
    counts = store.counts()
    assert (counts["documents"], counts["claims"], counts["mentions"], counts["dates"]) == (
        1, 2, 2, 3)


# -- filters --------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    """Three documents whose claims differ in one filterable field each."""
    doc_a = make_doc("a", published="2023-03-07")
    doc_b = make_doc("b", outlet="La Dépêche", published="2023-03-20")
    doc_c = make_doc("c", outlet=None, published=None)
    store.save_document(doc_a, mentions=[], dates=[], claims=[
        make_claim("a", 0),
        make_claim("a", 1, kind="injured", group="all", place=Place("Béjaïa"),
                   period=Period("2023-03-03", "2023-03-05", "du 3 au 5 mars")),
    ])
    store.save_document(doc_b, mentions=[], dates=[], claims=[
        make_claim("b", 0, outlet="La Dépêche", period=None,
                   source=Source("ministère de l'Intérieur")),
        make_claim("b", 1, kind="arrested", group="protesters", place=None,
                   period=Period("2023-04", "2023-04", "en avril")),
    ])
    store.save_document(doc_c, mentions=[], dates=[], claims=[
        make_claim("c", 0, outlet=None, period=None, source=None),
    ])
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a-c0", "a-c1", "b-c0", "b-c1", "c-c0"]),
        ({"doc": "b"}, ["b-c0", "b-c1"]),
        ({"kind": "killed"}, ["a-c0", "b-c0", "c-c0"]),
        ({"kind": "killed", "group": "civilians", "doc": "a"}, ["a-c0"]),
        ({"group": "protesters"}, ["b-c1"]),
        ({"place": "béjaïa"}, ["a-c1"]),
        ({"place": "loc-tizi"}, ["a-c0", "b-c0", "c-c0"]),
        ({"source": "Ministère de l'Intérieur"}, ["b-c0"]),
        ({"source": "org-pc"}, ["a-c0", "a-c1", "b-c1"]),
        ({"outlet": "La Dépêche"}, ["b-c0"]),
        # A claim without a period is dated by its document's publication day.
        ({"since": "2023-03-06", "until": "2023-03-31"}, ["a-c0", "b-c0"]),
        ({"until": "2023-03-04"}, ["a-c1"]),
        ({"since": "2023-03-05", "until": "2023-03-05"}, ["a-c1"]),
        # Partial dates cover their whole month or year, on both sides.
        ({"since": "2023-04-15"}, ["b-c1"]),
        ({"since": "2023-04", "until": "2023-04"}, ["b-c1"]),
        ({"until": "2023-02"}, []),
        ({"kind": "weapons"}, []),
    ],
)
def test_claim_filters(filled: Store, filters: dict[str, str], expected: list[str]) -> None:
    assert [c.id for c in filled.claims(**filters)] == expected


# -- schema, modes, integrity ---------------------------------------------------------------


def test_migrations_are_recorded_once(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first = store.schema_versions()
    with Store.open(db_path) as store:
        assert store.schema_versions() == first
    assert [(v, name) for v, name, _ in first] == [(m.version, m.name) for m in MIGRATIONS]


def test_migrations_apply_in_order_and_only_the_missing_ones(tmp_path: Path) -> None:
    steps = [
        Migration(2, "add b", ("ALTER TABLE t ADD COLUMN b TEXT",)),
        Migration(1, "create t", ("CREATE TABLE t (a TEXT)",)),
    ]
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    try:
        assert migrate(conn, steps[1:]) == [1]
        assert migrate(conn, steps) == [2]
        assert migrate(conn, steps) == []
        columns = [row[1] for row in conn.execute("PRAGMA table_info(t)")]
    finally:
        conn.close()
    assert columns == ["a", "b"]


def test_a_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, [Migration(1, "bad", ("CREATE TABLE t (a)", "CREATE TABLE t (a)"))])
        assert migrate(conn, [Migration(1, "good", ("CREATE TABLE t (a)",))]) == [1]
    finally:
        conn.close()


def test_a_store_from_a_newer_recoupe_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2999-01-01')")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="999"):
            Store.open(db_path, readonly=readonly)


def test_readonly_store_reads_but_does_not_write(db_path: Path) -> None:
    with Store.open(db_path) as store:
        save(store, make_doc())
    with Store.open(db_path, readonly=True) as reader:
        assert [d.id for d in reader.documents()] == ["000_a"]
        with pytest.raises(StoreError, match="read-only"):
            reader.save_rejected(Rejected("x", "empty", "the input is empty"))


def test_readonly_open_of_a_missing_store_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(RecoupeError, match="nowhere.db"):
        Store.open(tmp_path / "nowhere.db", readonly=True)


def test_store_uses_wal_and_passes_the_integrity_check(store: Store, db_path: Path) -> None:
    save(store, make_doc())
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert store.check() == "ok"


def test_integrity_check_reports_orphan_rows(store: Store, db_path: Path) -> None:
    # Another program writing without foreign keys on can leave orphans: check() says so.
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO mentions VALUES ('ghost', 0, 'LOC', 'X', '{}')")
    conn.close()
    assert "missing documents" in store.check()


# -- concurrency ----------------------------------------------------------------------------


def _write_documents(path: str, prefix: str, count: int, barrier: object) -> None:
    """A worker process: open the store itself and save ``count`` documents, one by one."""
    barrier.wait()  # type: ignore[attr-defined]
    with Store.open(path) as store:
        for n in range(count):
            save(store, make_doc(f"{prefix}{n:03d}", text=f"{TEXT} ({prefix}{n})"), n_claims=3)


def test_two_processes_write_one_store(db_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    # Both open a store that does not exist yet: creation and migration race too.
    workers = [ctx.Process(target=_write_documents, args=(str(db_path), p, 50, barrier))
               for p in ("p", "q")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    with Store.open(db_path, readonly=True) as store:
        counts = store.counts()
        assert (counts["documents"], counts["claims"]) == (100, 300)
        assert [v for v, _, _ in store.schema_versions()] == [m.version for m in MIGRATIONS]
        assert store.check() == "ok"


def test_a_reader_iterates_while_a_writer_writes(db_path: Path) -> None:
    with Store.open(db_path) as store:
        for n in range(20):
            save(store, make_doc(f"r{n:03d}"), n_claims=3)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    writer = ctx.Process(target=_write_documents, args=(str(db_path), "w", 40, barrier))
    writer.start()
    seen: list[int] = []
    with Store.open(db_path, readonly=True) as reader:
        barrier.wait()
        deadline = time.monotonic() + 30
        while writer.is_alive() and time.monotonic() < deadline:
            # One snapshot: every document visible has all its claims, none is half-saved.
            with reader.snapshot():
                docs = [d.id for d in reader.documents()]
                claims = [c.doc for c in reader.claims()]
            assert sorted(claims) == sorted(docs * 3)
            seen.append(len(docs))
    writer.join(30)
    assert writer.exitcode == 0
    with Store.open(db_path, readonly=True) as reader:
        assert reader.counts()["documents"] == 60
    assert seen and seen == sorted(seen)


def test_an_open_iterator_keeps_its_snapshot(db_path: Path) -> None:
    with Store.open(db_path) as writer, Store.open(db_path, readonly=True) as reader:
        for n in range(5):
            save(writer, make_doc(f"d{n}"))
        documents = reader.documents()
        first = next(documents)
        for n in range(5, 10):
            save(writer, make_doc(f"d{n}"))
        rest = list(documents)
        assert [first.id, *(d.id for d in rest)] == [f"d{n}" for n in range(5)]
        assert len(list(reader.documents())) == 10


def test_an_in_memory_store_works_for_quick_use() -> None:
    with Store.open(":memory:") as store:
        claims = save(store, make_doc())
        assert list(store.claims()) == claims


def test_documents_without_texts_and_one_text_on_demand(store: Store) -> None:
    store.save_document(make_doc("000_a"), claims=[], mentions=[], dates=[])
    store.save_document(make_doc("001_b", text=TEXT + " Fin."), claims=[], mentions=[], dates=[])
    light = list(store.documents(texts=False))
    assert [(d.id, d.text) for d in light] == [("000_a", ""), ("001_b", "")]
    full = list(store.documents())
    # Everything but the text is the same record.
    assert [dataclasses.replace(d, text="") for d in full] == light
    assert store.text("001_b") == TEXT + " Fin." and store.text("nope") == ""
