"""Timeline entries: one per date, merged across documents, summarised from a full date."""

from __future__ import annotations

from recoupe.link.timeline import build_timeline, summarise
from recoupe.records import DateMention, Document


def test_mentions_of_one_date_merge_across_documents() -> None:
    a = Document(id="a", text="Vendredi, la digue a cédé. Les secours sont arrivés.")
    b = Document(id="b", text="Le 7 mars 2024, la digue du port a cédé sous la crue.")
    dates = [
        DateMention("a", 0, 8, "Vendredi", "2024-03-07", "day", basis="weekday"),
        DateMention("b", 3, 14, "7 mars 2024", "2024-03-07", "day", basis="absolute"),
        DateMention("b", 0, 0, "", None, None),
    ]
    entries = build_timeline([a, b], dates)
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.date, entry.precision) == ("2024-03-07", "day")
    assert [(m.doc, m.text) for m in entry.mentions] == [("a", "Vendredi"), ("b", "7 mars 2024")]
    assert entry.summary.startswith("Le")
    assert "digue du port a cédé" in entry.summary


def test_summary_drops_the_date_and_is_short() -> None:
    sentence = ("Le 2 janvier, des centaines d'automobilistes ont bloqué les routes de la ville "
                "pour protester contre la hausse du prix du gaz liquéfié décidée par le "
                "gouvernement.")
    summary = summarise(sentence, "2 janvier")
    assert "2 janvier" not in summary
    assert summary.endswith("…") and len(summary.split()) <= 15
