"""The Jinja2 environment shared by report.html and `recoupe serve`'s pages.

One set of templates (``report/templates/``), autoescaped: every value from an article
reaches a page escaped unless a filter below says why it is safe. UI words come from
``templates/strings.toml`` in the interface language (``ui_lang``: "fr" or "en"),
English filling any gap.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

UI_LANGS = ("fr", "en")
DEFAULT_UI_LANG = "en"
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_TEMPLATES = resources.files("recoupe.report") / "templates"
_STATIC = resources.files("recoupe.report") / "static"
_VENDOR = resources.files("recoupe.report") / "vendor"


class Strings:
    """The UI words of one language: ``s.key`` in a template; a missing key shows itself."""

    def __init__(self, words: dict[str, Any], vocab: dict[str, str]) -> None:
        self._words, self._vocab = words, vocab

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return str(self._words.get(key, key))

    def __getitem__(self, key: str) -> str:
        return self.__getattr__(key)

    def value(self, code: Any) -> str:
        """A vocabulary code (kind, group, status, qualifier) as a reader says it."""
        if code is None:
            return ""
        return self._vocab.get(str(code), str(code))

    def fmt(self, key: str, **values: Any) -> str:
        return self[key].format(**values)


@cache
def _all_strings() -> dict[str, dict[str, Any]]:
    return tomllib.loads((_TEMPLATES / "strings.toml").read_text(encoding="utf-8"))


def ui_lang_for(requested: str | None, languages: dict[str, int] | None = None) -> str:
    """The interface language: the one asked for, else the corpus's main one, else English."""
    if requested in UI_LANGS:
        return requested
    for lang in (languages or {}):
        if lang in UI_LANGS:
            return lang
    return DEFAULT_UI_LANG


def strings(ui_lang: str) -> Strings:
    table = _all_strings()
    base = table[DEFAULT_UI_LANG]
    chosen = table.get(ui_lang, base)
    return Strings({**base, **chosen},
                   {**base.get("values", {}), **chosen.get("values", {})})


# --------------------------------------------------------------------------- filters


def num(value: int | float | None) -> str:
    """A figure with thin spaces between thousands (both languages read it)."""
    if value is None:
        return "—"
    return f"{value:,}".replace(",", "\u202f")


def span_text(low: int | None, high: int | None) -> str:
    """A range as a reader says it: "120", "120 – 450", "≥ 120" (no upper bound)."""
    if high is None:
        return f"≥ {num(low)}" if low is not None else "—"
    if low is None or low == high:
        return num(high)
    return f"{num(low)} – {num(high)}"


def safe_href(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None (javascript:, data:… dropped).

    Browsers ignore control characters and spaces inside a scheme ("java\\tscript:"), so
    they are stripped before the scheme is read.
    """
    if not url:
        return None
    cleaned = _CONTROL.sub("", url)
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return cleaned


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no "</script>", no "<!--", no line separators."""
    text = json.dumps(data, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _script_json_filter(data: Any) -> Markup:
    return Markup(script_json(data))  # noqa: S704 (escaped for a script element above)


# --------------------------------------------------------------------------- assets


@dataclass(frozen=True)
class Asset:
    """A script or stylesheet: inline text (the report file) or a URL (the server)."""

    kind: str  # "script" or "style"
    text: str = ""
    src: str = ""

    @property
    def digest(self) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(self.text.encode()).digest()).decode()


def static_text(name: str) -> str:
    return (_STATIC / name).read_text(encoding="utf-8")


def vendor_text(name: str) -> str | None:
    """A file bundled by `make vendor` (None when the build step has not run)."""
    path = _VENDOR / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def vendor_bytes(name: str) -> bytes | None:
    path = _VENDOR / name
    return path.read_bytes() if path.is_file() else None


def inline_csp(assets: list[Asset]) -> str:
    """The policy of a self-contained page: only its own inline scripts run."""
    hashes = " ".join(f"'{a.digest}'" for a in assets if a.kind == "script" and a.text)
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src {hashes}; form-action 'self'; base-uri 'none'")


SERVED_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
              "script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
              "frame-ancestors 'none'")


# --------------------------------------------------------------------------- environment


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, span=span_text, href=safe_href, tojson_script=_script_json_filter)
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
