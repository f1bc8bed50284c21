"""One settings table: name, type, default and meaning, validated on load."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


def _setting(default: object, doc: str) -> object:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Settings:
    max_bytes: int = _setting(5_000_000, "largest input file or download read, in bytes")
    url_timeout: float = _setting(15.0, "seconds to wait for a URL before giving up")
    url_max_redirects: int = _setting(5, "redirects followed when fetching a URL")
    spacy_model: str = _setting("fr_core_news_md", "spaCy pipeline used for French")
    batch_size: int = _setting(128, "sentences per nlp.pipe batch")
    report_texts_up_to: int = _setting(
        200, "report.html shows every article's text and every claim up to this many "
        "documents; beyond, it summarises (the JSONL files and `recoupe serve` hold all)")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            expected = float if f.type in ("float", float) else None
            if expected is float and isinstance(value, int):
                continue
            if not isinstance(value, type(f.default)):
                raise TypeError(f"setting {f.name} must be {type(f.default).__name__}")
            if isinstance(value, int | float) and value <= 0:
                raise ValueError(f"setting {f.name} must be positive")

    @classmethod
    def describe(cls) -> list[tuple[str, object, str]]:
        return [(f.name, f.default, f.metadata["doc"]) for f in dataclasses.fields(cls)]


DEFAULT = Settings()
