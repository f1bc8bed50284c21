"""Cross-checking: stories, comparisons with consensus, framing, ACLED-style events.

Pure functions of records (issue 5):

- :func:`find_stories` — document id → story id;
- :func:`compare_claims` — one :class:`~recoupe.records.Comparison` per quantity;
- :func:`framing` — rows of ``framing.jsonl``;
- :func:`events` — rows of ``events.csv``.
"""

from recoupe.reconcile.compare import compare_claims
from recoupe.reconcile.events import events
from recoupe.reconcile.framing import framing
from recoupe.reconcile.stories import find_stories

__all__ = ["compare_claims", "events", "find_stories", "framing"]
