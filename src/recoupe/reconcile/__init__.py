"""Cross-checking: stories, comparisons across source lineages, framing, ACLED-style events.

Pure functions of records (issues 5 and 16):

- :func:`find_stories` — document id → story id; :func:`explain_stories` adds why;
- :func:`compare_claims` — one :class:`~recoupe.records.Comparison` per quantity, its
  status and headline read across source lineages (:mod:`.crosscheck`);
- :func:`framing` — rows of ``framing.jsonl``;
- :func:`events` — rows of ``events.csv`` (ACLED's columns: :mod:`.acled`).
"""

from recoupe.reconcile.compare import compare_claims
from recoupe.reconcile.events import events
from recoupe.reconcile.framing import framing
from recoupe.reconcile.stories import explain_stories, find_stories

__all__ = ["compare_claims", "events", "explain_stories", "find_stories", "framing"]
