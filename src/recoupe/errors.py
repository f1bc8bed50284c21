"""The one catalogue of user-facing errors: a code and a sentence each.

The CLI and the web app translate a :class:`RecoupeError` or a
:class:`~recoupe.records.Rejected` into a message in one place, from here.
"""

from __future__ import annotations

from recoupe.records import Rejected

CATALOGUE: dict[str, str] = {
    "missing": "no such file or folder",
    "unsupported": "unsupported input type (expected .txt, .html, .htm, .jsonl, a folder, "
    "an http(s) URL or -)",
    "empty": "the input is empty",
    "binary": "the input looks like binary data, not text",
    "undecodable": "the bytes could not be decoded as text in any known encoding",
    "too_large": "the input is larger than the size cap",
    "no_article": "no article text could be found in the HTML page",
    "bad_jsonl": "a JSONL line is not an object with a non-empty 'text' field",
    "url_scheme": "only http and https URLs are fetched",
    "url_timeout": "the server did not answer in time",
    "url_http": "the server answered with an HTTP error",
    "url_type": "the server sent something other than HTML or text",
    "url_unreachable": "the server could not be reached",
    "url_redirects": "too many redirects",
    "url_forbidden": "fetching this address is not allowed",
    "read_error": "the input could not be read",
    "analysis_failed": "the analysis of this document failed",
    "outside_folder": "a link in the folder leads outside it; it is not followed",
    # Errors that stop a whole command (exit status and HTTP status in STATUS below).
    "bad_setting": "a setting is not valid",
    "bad_option": "a command-line option is not valid",
    "store_unusable": "the store cannot be used",
    "model_missing": "a spaCy model is not installed",
    "output_unwritable": "the output files could not be written; the previous ones are kept",
    "fetch_disabled": "fetching URLs is off (start `recoupe serve --allow-fetch` to allow it)",
    "stale_form": "the form is out of date: reload the page and retry",
}

# Exit status and HTTP status of each code; a code not listed rejects one input
# (exit 1: "some inputs were rejected"; HTTP 422: the submission could not be analysed).
INPUT_STATUS = (1, 422)
STATUS: dict[str, tuple[int, int]] = {
    "bad_setting": (2, 500),
    "bad_option": (2, 400),
    "store_unusable": (2, 503),
    "model_missing": (2, 503),
    "output_unwritable": (2, 507),
    "fetch_disabled": (2, 403),
    "stale_form": (2, 403),
    # Input errors with an HTTP status of their own when `recoupe serve` is sent them.
    "empty": (1, 400),
    "too_large": (1, 413),
    "unsupported": (1, 415),
    "url_scheme": (1, 400),
    "url_forbidden": (1, 400),
}


class RecoupeError(Exception):
    """An error with a catalogue code; ``detail`` adds the specifics."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.detail = detail
        super().__init__(self.sentence)

    def __reduce__(self) -> tuple[type, tuple[str | None, ...]]:
        # Pickled by code and detail, so it crosses from a worker process intact.
        return (RecoupeError, (self.code, self.detail))

    @property
    def exit_code(self) -> int:
        return STATUS.get(self.code, INPUT_STATUS)[0]

    @property
    def http_status(self) -> int:
        return STATUS.get(self.code, INPUT_STATUS)[1]

    @property
    def sentence(self) -> str:
        base = CATALOGUE[self.code]
        return f"{base} ({self.detail})" if self.detail else base


def reject(input_name: str, code: str, detail: str | None = None) -> Rejected:
    """A typed rejection for one input, with the catalogue's sentence."""
    return Rejected(input=input_name, code=code, reason=RecoupeError(code, detail).sentence)


def one_line(rejected: Rejected) -> str:
    """The single line printed on stderr for a rejected input."""
    return f"recoupe: {rejected.input}: {rejected.reason}"


def error_line(error: RecoupeError) -> str:
    """The single line printed on stderr for an error that stops a command."""
    return f"recoupe: {error.sentence}"
