"""A run over French and English articles loads each language's model once per process
(per worker), and only when a document in that language comes (issue #17 item 5).

Counted, not timed: :func:`recoupe.nlp.loaded_models` counts the loads of the process.
The worker's own functions run in a fresh interpreter, exactly as a worker process runs
them: initialised, then handed chunk after chunk.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from recoupe.nlp import load_pipeline, loaded_models
from recoupe.settings import DEFAULT

# Invented articles (for the tests only).
FRENCH = """TITLE: Crues dans la vallée (article inventé pour les tests)
DATE: 2024-03-12
LANG: fr

Selon la préfecture, au moins 12 personnes sont mortes dans les crues mardi à Tizi.
"""
ENGLISH = """TITLE: Floods in the valley (invented for the tests)
DATE: 2024-03-12
LANG: en

At least 14 people were killed in the floods on Tuesday, the regional governor said.
"""

# Runs in a fresh interpreter: the worker's initialiser, then chunks one at a time —
# French ones first (the English model must not be loaded yet), then mixed ones.
WORKER = """
import json, os, sys
from recoupe.ingest import read_inputs
from recoupe.nlp import loaded_models
from recoupe.pipeline import workers
from recoupe.settings import DEFAULT

docs = {d.id: d for d in read_inputs(sys.argv[1:], DEFAULT) if hasattr(d, "text")}
workers._init_worker(DEFAULT, os.getppid())
seen = [loaded_models()]
for ids in (["fr1"], ["fr2"], ["en1", "fr1"], ["en2"], ["fr2", "en1", "en2"]):
    rows = workers._analyze_in_worker([docs[i] for i in ids], None, False)
    assert len(rows) == len(ids) and all(hasattr(r, "rows") for r in rows), rows
    seen.append(loaded_models())
print(json.dumps(seen))
"""


def _articles(folder: Path) -> list[str]:
    paths = []
    for name, text in (("fr1", FRENCH), ("fr2", FRENCH.replace("12", "13")),
                       ("en1", ENGLISH), ("en2", ENGLISH.replace("14", "15"))):
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_worker_loads_each_model_once_and_only_when_needed(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", WORKER, *_articles(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    french, english = DEFAULT.model_fr, DEFAULT.model_en
    assert seen[0] == {}  # starting a worker loads nothing
    assert seen[1] == seen[2] == {french: 1}  # French chunks: the French model alone
    assert seen[3] == seen[4] == seen[5] == {french: 1, english: 1}  # English: once


def test_loading_a_model_again_reuses_it() -> None:
    first = load_pipeline(DEFAULT.model_fr)
    assert load_pipeline(DEFAULT.model_fr) is first
    assert loaded_models()[DEFAULT.model_fr] == 1
