"""Reading inputs: real files in tmp_path, a real HTTP server on 127.0.0.1, no mocks."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from recoupe.ingest import read_inputs
from recoupe.ingest.fields import normalize_date, normalize_lang
from recoupe.ingest.text import parse_header
from recoupe.ingest.url import is_public_address, url_id
from recoupe.records import Document, Rejected
from recoupe.settings import Settings

ARTICLE = (
    "Crue de la Lize : au moins 12 morts\n\n"
    "La préfecture a annoncé lundi qu'au moins 12 personnes étaient mortes "
    "et que plus de 300 habitants avaient été évacués.\n"
)
PAGE = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
    "<title>Crue de la Lize - Le Journal inventé</title>"
    "<meta property='og:site_name' content='Le Journal inventé'>"
    "<meta property='article:published_time' content='2024-03-12T08:00:00+01:00'></head>"
    "<body><nav><a href='/'>Accueil</a></nav><article><h1>Crue de la Lize</h1>"
    "<p>Les eaux de la Lize sont montées de quatre mètres en une nuit, selon la préfecture, "
    "qui fait état d'au moins 12 morts et de plus de 300 personnes évacuées.</p>"
    "<p>Les secours ont poursuivi leurs recherches mardi dans les quartiers bas de la ville, "
    "où des dizaines de maisons sont encore inondées.</p></article>"
    "<footer>Mentions légales</footer></body></html>"
)


def read(inputs: list[str], **kwargs: object) -> list[Document | Rejected]:
    return list(read_inputs(inputs, **kwargs))  # type: ignore[arg-type]


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


def outcome(items: list[Document | Rejected]) -> list[tuple[str, str]]:
    """Each item as (kind, id-or-code): whole results to compare in one assert."""
    return [
        ("doc", item.id) if isinstance(item, Document) else ("rejected", item.code)
        for item in items
    ]


# -- bad files: one Rejected each, the good file beside it still read ----------

BAD_FILES = [
    ("missing", "nope.txt", None, "missing"),
    ("empty", "empty.txt", b"", "empty"),
    ("blank", "blank.txt", b" \n\n\t\n", "empty"),
    ("header without body", "head.txt", "TITLE: Rien\nDATE: 2024-03-01\n\n\n", "empty"),
    ("nul bytes", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    ("control characters", "ctrl.txt", bytes(range(1, 9)) * 100, "binary"),
    ("undecodable", "bad.txt", b"texte " + bytes([0x81, 0xFE, 0x8D, 0xFF, 0x90]) * 60,
     "undecodable"),
    ("html without article", "menu.html", "<html><body><nav>Accueil</nav></body></html>",
     "no_article"),
    ("over the size cap", "big.txt", "Un article très long. " * 200, "too_large"),
    ("unsupported, named", "report.pdf", b"%PDF-1.4 fake", "unsupported"),
    ("jsonl of non-objects", "list.jsonl", "[1, 2]\n", "bad_jsonl"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "data", "code"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_rejected_and_others_still_read(
    tmp_path: Path, case: str, name: str, data: str | bytes | None, code: str
) -> None:
    bad = str(tmp_path / name) if data is None else write(tmp_path / name, data)
    good = write(tmp_path / "good.txt", ARTICLE)
    items = read([bad, good], settings=Settings(max_bytes=2000))
    assert outcome(items) == [("rejected", code), ("doc", "good")]
    assert items[0].input.startswith(bad)
    assert items[0].reason  # a sentence for the user


def test_plain_file_is_the_whole_article(tmp_path: Path) -> None:
    [doc] = read([write(tmp_path / "000_abc.txt", ARTICLE)])
    assert (doc.id, doc.text, doc.body_start, doc.title, doc.path) == (
        "000_abc",
        ARTICLE,
        0,
        "Crue de la Lize : au moins 12 morts",
        str(tmp_path / "000_abc.txt"),
    )
    assert (doc.published, doc.published_basis, doc.outlet, doc.lang) == (
        None,
        "unknown",
        None,
        None,
    )


def test_header_block_fields_and_offsets(tmp_path: Path) -> None:
    header = (
        "url: https://journal.invalid/crue\nOutlet: Le Journal inventé\nDATE: 12/03/2024\n"
        "Lang: fr-FR\n\n"
    )
    [doc] = read([write(tmp_path / "crue.txt", header + ARTICLE)])
    assert doc.text == header + ARTICLE
    assert doc.body_start == len(header)
    assert doc.text[doc.body_start :].startswith("Crue de la Lize")
    assert (doc.url, doc.outlet, doc.outlet_basis, doc.published, doc.published_basis) == (
        "https://journal.invalid/crue",
        "Le Journal inventé",
        "header",
        "2024-03-12",
        "header",
    )
    assert (doc.lang, doc.title) == ("fr", "Crue de la Lize : au moins 12 morts")
    start = doc.text.index("12 personnes")
    assert doc.text[start : start + 2] == "12" and not doc.in_boilerplate(start, start + 2)
    assert doc.in_boilerplate(0, 3)  # the header block is never analysed


HEADERS = [
    ("Title: Le titre\n\nCorps.\n", ({"title": "Le titre"}, 17)),
    ("TITLE: A\nlang: fr\n\nCorps.\n", ({"title": "A", "lang": "fr"}, 19)),
    ("Title: Le titre\nCorps sans ligne vide.\n", ({}, 0)),  # no blank line ending it
    ("Auteur: Jean\n\nCorps.\n", ({}, 0)),  # unknown key: not a header block
    ("Le 7 mars : 12 morts.\n\nCorps.\n", ({}, 0)),
    ("\nTitle: x\n\nCorps.\n", ({}, 0)),  # must start on the first line
]


@pytest.mark.parametrize(("text", "expected"), HEADERS)
def test_parse_header(text: str, expected: tuple[dict[str, str], int]) -> None:
    assert parse_header(text) == expected


def test_unparsable_header_date_is_a_note_not_a_date(tmp_path: Path) -> None:
    [doc] = read([write(tmp_path / "a.txt", "DATE: bientôt\n\n" + ARTICLE)])
    assert (doc.published, doc.published_basis) == (None, "unknown")
    assert doc.notes == ("header DATE 'bientôt' is not a calendar date; ignored",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-12", "2024-03-12"),
        ("2024-03-12T08:00:00+01:00", "2024-03-12"),
        ("12/03/2024", "2024-03-12"),
        ("12.03.2024", "2024-03-12"),
        ("mardi 12 mars 2024", "2024-03-12"),
        ("1er février 2023", "2023-02-01"),
        ("31/02/2024", None),
        ("mars 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("Français", "fr"),
     ("english", "en"), ("fra", None), ("", None), (3, None)],
)  # fmt: skip
def test_normalize_lang(value: object, expected: str | None) -> None:
    assert normalize_lang(value) == expected


# -- encodings ---------------------------------------------------------------

ACCENTED = "Élection : à Nîmes, « été » très dur, œuvre détruite, 12 blessés.\n"
LATIN = "Élection : à Nîmes, « été » très dur, 12 blessés.\n"  # no œ in latin-1
CYRILLIC = "Наводнение унесло жизни не менее 12 человек, сообщили власти региона.\n"
ENCODED = [
    ("cp1252", ACCENTED, ACCENTED.encode("cp1252")),
    ("latin-1", LATIN, LATIN.encode("latin-1")),
    ("utf-8 bom", ACCENTED, b"\xef\xbb\xbf" + ACCENTED.encode("utf-8")),
    ("utf-16 bom", ACCENTED, ACCENTED.encode("utf-16")),
    ("crlf", ACCENTED, ACCENTED.replace("\n", "\r\n").encode("utf-8")),
    ("cp1251 is not read as cp1252", CYRILLIC, CYRILLIC.encode("cp1251")),
]


@pytest.mark.parametrize(("case", "text", "raw"), ENCODED, ids=[c[0] for c in ENCODED])
def test_encodings_decode_to_the_text(tmp_path: Path, case: str, text: str, raw: bytes) -> None:
    [doc] = read([write(tmp_path / "a.txt", raw)])
    assert doc.text == text


def test_bom_does_not_shift_header_offsets(tmp_path: Path) -> None:
    text = "TITLE: Crue\n\n" + ARTICLE
    [doc] = read([write(tmp_path / "a.txt", b"\xef\xbb\xbf" + text.encode())])
    assert (doc.text, doc.body_start, doc.title) == (text, 13, "Crue")


# -- HTML, JSONL, stdin, folders ----------------------------------------------


def test_html_file(tmp_path: Path) -> None:
    [doc] = read([write(tmp_path / "page.htm", PAGE)])
    assert doc.id == "page"
    assert doc.text.startswith("Crue de la Lize\nLes eaux de la Lize")
    assert "Accueil" not in doc.text and "Mentions" not in doc.text
    assert (doc.title, doc.outlet, doc.outlet_basis, doc.published, doc.published_basis) == (
        "Crue de la Lize",
        "Le Journal inventé",
        "html",
        "2024-03-12",
        "metadata",
    )


def test_html_in_cp1252_with_meta_charset(tmp_path: Path) -> None:
    page = PAGE.replace("charset='utf-8'", "charset='windows-1252'")
    [doc] = read([write(tmp_path / "page.html", page.encode("cp1252"))])
    assert "montées de quatre mètres" in doc.text


JSONL = (
    '{"id": "a1", "text": "Au moins 12 morts.", "title": "T", "outlet": "Le Journal inventé", '
    '"published": "2024-03-12", "lang": "FR", "url": "https://journal.invalid/a1"}\n'
    "{pas du json}\n"
    "\n"
    '{"text": "Plus de 300 évacués."}\n'
    '{"text": ""}\n'
    '{"id": 7, "text": "Des dizaines de blessés."}\n'
)


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "depeches.jsonl", JSONL)
    items = read([path])
    assert outcome(items) == [
        ("doc", "a1"), ("rejected", "bad_jsonl"), ("doc", "depeches-4"),
        ("rejected", "bad_jsonl"), ("doc", "7"),
    ]  # fmt: skip
    assert [i.input for i in items if isinstance(i, Rejected)] == [f"{path}:2", f"{path}:5"]
    first = items[0]
    assert (first.title, first.outlet, first.outlet_basis, first.published, first.lang) == (
        "T",
        "Le Journal inventé",
        "header",
        "2024-03-12",
        "fr",
    )
    assert (first.url, first.path, first.published_basis) == (
        "https://journal.invalid/a1",
        path,
        "header",
    )


@pytest.mark.parametrize("stream", [io.BytesIO(JSONL.encode()), io.StringIO(JSONL)])
def test_stdin_is_jsonl(stream: io.IOBase) -> None:
    items = read(["-"], stdin=stream)
    assert outcome(items) == [
        ("doc", "a1"), ("rejected", "bad_jsonl"), ("doc", "stdin-4"),
        ("rejected", "bad_jsonl"), ("doc", "7"),
    ]  # fmt: skip
    assert items[1].input == "-:2"


def test_folder_is_read_recursively_sorted_and_skips_noise(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a" / "z.html", PAGE)
    write(tmp_path / "a" / "y.jsonl", '{"text": "Au moins 12 morts."}\n')
    write(tmp_path / "a" / "notes.pdf", b"%PDF")  # unsupported: skipped silently
    write(tmp_path / ".cache" / "c.txt", ARTICLE)  # hidden folder
    write(tmp_path / ".d.txt", ARTICLE)  # hidden file
    write(tmp_path / "c.TXT", ARTICLE)  # extension in capitals
    assert outcome(read([str(tmp_path)])) == [
        ("doc", "y-1"), ("doc", "z"), ("doc", "b"), ("doc", "c"),
    ]  # fmt: skip


def test_empty_folder_is_rejected(tmp_path: Path) -> None:
    write(tmp_path / "only.pdf", b"%PDF")
    assert outcome(read([str(tmp_path)])) == [("rejected", "empty")]


def test_ids_stay_unique_and_a_file_is_read_once(tmp_path: Path) -> None:
    one = write(tmp_path / "x" / "same.txt", ARTICLE)
    write(tmp_path / "y" / "same.txt", ARTICLE)
    items = read([one, str(tmp_path)])
    # Same name twice: each named by its folder (as given) and its path under it.
    assert outcome(items) == [("doc", "x_same"), ("doc", f"{tmp_path.name}_y_same")]


# -- URLs, against a real server ------------------------------------------------

SLOW_SECONDS = 1.0


class _Handler(BaseHTTPRequestHandler):
    """Routes for each URL case; HTTP/1.0, so closing the connection ends a body."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        route = self.path.split("?")[0]
        if route == "/article":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif route == "/plain":
            self._send(200, "text/plain; charset=utf-8", ("TITLE: Brève\n\n" + ARTICLE).encode())
        elif route == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/html", PAGE.encode())
        elif route == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.4")
        elif route == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")
        elif route == "/big-unannounced":
            self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>", length=False)
        elif route.startswith("/hop/"):
            left = int(route.rsplit("/", 1)[1])
            self._redirect("/article" if left == 0 else f"/hop/{left - 1}")
        elif route == "/to-file":
            self._redirect("file:///etc/passwd")
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")

    def _send(self, code: int, ctype: str, body: bytes, length: bool = True) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass  # keep test output clean


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hangs up on /slow by design; no traceback in the test log


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


URL_SETTINGS = Settings(url_timeout=0.3, max_bytes=3000, url_max_redirects=2)

URL_CASES = [
    ("/nowhere", "url_http"),
    ("/slow", "url_timeout"),
    ("/pdf", "url_type"),
    ("/big", "too_large"),
    ("/big-unannounced", "too_large"),
    ("/hop/2", "url_redirects"),  # three redirects, two allowed
    ("/to-file", "url_scheme"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("route", "code"), URL_CASES, ids=[c[0] for c in URL_CASES])
def test_bad_url_is_rejected_and_others_still_read(server: str, route: str, code: str) -> None:
    items = read([server + route, server + "/article"], settings=URL_SETTINGS)
    assert outcome(items) == [("rejected", code), ("doc", url_id(server + "/article"))]
    assert items[0].input == server + route


@pytest.mark.slow
def test_url_html_page(server: str) -> None:
    [doc] = read([server + "/hop/1"], settings=URL_SETTINGS)  # two redirects are allowed
    assert doc.id == url_id(server + "/hop/1")
    assert doc.url == server + "/article"  # where the article really is
    assert doc.text.startswith("Crue de la Lize\nLes eaux")
    assert (doc.outlet, doc.published, doc.published_basis, doc.path) == (
        "Le Journal inventé",
        "2024-03-12",
        "metadata",
        None,
    )


@pytest.mark.slow
def test_url_plain_text_with_header(server: str) -> None:
    [doc] = read([server + "/plain"], settings=URL_SETTINGS)
    header = "TITLE: Brève\n\n"
    assert (doc.title, doc.body_start, doc.url) == ("Brève", len(header), server + "/plain")


@pytest.mark.slow
def test_private_addresses_refused_when_asked(server: str) -> None:
    items = read([server + "/article"], settings=URL_SETTINGS, allow_private_urls=False)
    assert outcome(items) == [("rejected", "url_forbidden")]


@pytest.mark.parametrize(
    ("url", "code"),
    [("ftp://example.invalid/a.txt", "url_scheme"), ("file:///etc/passwd", "url_scheme"),
     ("http://127.0.0.1:9/closed", "url_unreachable")],
)  # fmt: skip
def test_unfetchable_urls(url: str, code: str) -> None:
    assert outcome(read([url], settings=URL_SETTINGS)) == [("rejected", code)]


@pytest.mark.parametrize(
    ("address", "public"),
    [("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("169.254.169.254", False),
     ("::1", False), ("fe80::1", False), ("::ffff:127.0.0.1", False), ("0.0.0.0", False),
     ("93.184.216.34", True), ("2606:4700::1111", True)],
)  # fmt: skip
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    ("url", "prefix"),
    [("https://www.lemonde.fr/international/article/2024/03/12/crue.html",
      "lemonde-fr-international-article-2024-03-12-crue-html-"),
     ("http://Example.org", "example-org-")],
)  # fmt: skip
def test_url_id(url: str, prefix: str) -> None:
    doc_id = url_id(url)
    assert doc_id.startswith(prefix) and len(doc_id) == len(prefix) + 8
    assert url_id(url) == doc_id  # stable
