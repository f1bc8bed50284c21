"""Framing: the words each outlet uses for each group, and whom it quotes.

One row of ``framing.jsonl`` per outlet and group::

    {"outlet": "Le Quotidien",          # the document id when the outlet is unknown
     "outlet_known": true,
     "documents": ["001_…", "004_…"],
     "group": "protesters",             # CONTRACT.md group
     "claims": 5,                       # figures about this group in the outlet
     "labels": [{"label": "émeutiers", "count": 3}, {"label": "manifestants", "count": 1}],
     "unlabelled": 1,                   # figures giving no words for the group
     "sources": [{"name": "ministère de l'Intérieur", "count": 2}],
     "unattributed": 1}                 # figures quoting no one

A label or a source is counted once per sentence: one sentence giving two figures
for "les émeutiers" uses the word once. Side by side, the rows make slanted
coverage visible ("manifestants" here, "terroristes" and "bandits" there).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from recoupe.records import Claim, Document
from recoupe.textfold import word_key as fold


def framing(claims: Sequence[Claim], documents: Sequence[Document]) -> list[dict[str, Any]]:
    """framing.jsonl rows: per outlet (or document) and group, labels and sources counted."""
    outlets = {d.id: d.outlet for d in documents}
    grouped: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        outlet = outlets.get(c.doc) or c.outlet or c.doc
        grouped[(outlet, c.group)].append(c)
    rows = []
    for (outlet, group), members in sorted(grouped.items()):
        labels, unlabelled = _counted(members, lambda c: c.group_label)
        sources, unattributed = _counted(members, lambda c: c.source.name if c.source else None)
        rows.append({
            "outlet": outlet,
            "outlet_known": any(outlets.get(c.doc) or c.outlet for c in members),
            "documents": sorted({c.doc for c in members}),
            "group": group,
            "claims": len(members),
            "labels": [{"label": k, "count": n} for k, n in labels],
            "unlabelled": unlabelled,
            "sources": [{"name": k, "count": n} for k, n in sources],
            "unattributed": unattributed,
        })
    return rows


def _counted(claims: Sequence[Claim], word) -> tuple[list[tuple[str, int]], int]:
    """Words counted once per sentence (variants of case and accents merged); and how
    many figures give none."""
    seen: set[tuple[str, str, str]] = set()
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    missing = 0
    for c in claims:
        text = word(c)
        if not text:
            missing += 1
            continue
        key = fold(text.strip(" «»\"“”"))
        forms[key][text] += 1
        where = (c.doc, str(c.sentence_span or c.sentence), key)
        if where not in seen:
            seen.add(where)
            counts[key] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(forms[k].most_common(1)[0][0], n) for k, n in ranked], missing
