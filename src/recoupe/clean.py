"""Page furniture: the spans of an article's text that are not the article.

Scraped articles carry lines that belong to the page, not the story: related-
article links ("Lire aussi : …"), share and subscription prompts, previous/next
navigation, breadcrumbs, counters, copyright and author footers, photo credits.
Their numbers must not become claims, so :func:`find_boilerplate` marks them as
spans of the input text (the text itself is kept intact, offsets stay valid).

The rules look at whole lines: a cue at the *start* of the line, the line's
length, and where it sits (top or bottom of the body). A sentence of the article
that merely contains a cue word ("il entendait agir aussi dur que possible") is
never marked, because cues are only read at the start of a line or in lines too
short to be prose.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from recoupe.records import Document, Span

# Non-empty lines counted as the top and the bottom of the body.
TOP_LINES = 4
BOTTOM_LINES = 3
# Lengths (characters) above which a line is prose, whatever its first words.
SHORT = 60  # a widget label: "Partager", "Commentaires (3)"
CAPTION = 120  # a photo caption with its credit, a copyright line
PROMPT = 200  # a prompt: "Rejoignez X sur Facebook, Telegram…"
LINK = 400  # a related-article link with its headline
# A lone "Lire aussi" heading is followed by at most this many headline lines.
MAX_LINKED = 5

# A dateline: a name (often in capitals), maybe ", Country, date" and "(Agency)", then a
# dash, at the very start of the lead. Conventions of wire copy, not of one language.
_NAME_WORD = r"[A-ZÀ-Þ][^\W\d_]*(?:[-'’][^\W\d_]+)*"
DATELINE = re.compile(
    r"^\s*(?!(?:À|Au|Aux|En|Dans|In|At|On)\b)"  # "À Almaty –" opens a sentence
    rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|del|do|da|al|el|la|le)){{0,4}}"  # the town
    r"(?:\s*\([^()\n]{1,30}\))?"  # "Guayaquil (Ecuador)"
    r"(?:,[^\n()—–-]{1,50})?"  # ", Brazil, May 12"
    r"(?:\s*\([^()\n]{1,40}\))?\.?\s*"  # "(Reuters)", "(EFE)."
    r"(?:[—–]|-{1,2}(?=\s|$)|\.-)"
)
DATELINE_MAX = 120  # characters: past this, a dash is the sentence's own

_START = r"^[^\w«“\"(]*"  # bullets, arrows, pipes and dashes before the cue
# After a cue: a separator, the end of the line, or a capitalised headline (case-sensitive).
_SEP = r"(?:\s*[:|>»›\-–—.…]|\s*$|\s+(?=(?-i:[«“\"A-ZÀ-Ý0-9])))"
_RELATED = re.compile(
    _START
    + r"(?:(?:à|a)\s+lire\s+(?:aussi|également|egalement|absolument)|lire\s+(?:aussi|également"
    r"|egalement|la\s+suite|plus)|lisez\s+(?:aussi|également|egalement)|voir\s+(?:aussi|également"
    r"|plus)|(?:à|a)\s+voir\s+(?:aussi|également)|(?:à|a)\s+(?:découvrir|decouvrir)(?:\s+aussi)?"
    r"|découvrez\s+aussi|sur\s+le\s+même\s+(?:sujet|thème)|dans\s+la\s+même\s+rubrique"
    r"|pour\s+aller\s+plus\s+loin|(?:nos\s+)?articles?\s+(?:liés|similaires|connexes)"
    r"|read\s+(?:more|also)|also\s+read|see\s+also|more\s+on\s+this|further\s+reading"
    r"|related(?:\s+(?:articles?|stories|coverage|content|news|reading|links|topics))?"
    r"|you\s+(?:may|might)\s+also\s+like|recommended(?:\s+(?:articles?|stories|reading))?)"
    + _SEP,
    re.I,
)
_RELATED_ALONE = re.compile(_RELATED.pattern + r"\s*$", re.I)
_NAVIGATION = re.compile(
    _START + r"(?:(?:article|post|billet|page|sujet)\s*(?:précédent|precedent|suivant)e?"
    r"|(?:previous|next)\s+(?:article|post|story|page)|(?:précédent|suivant)\s*»?\s*$"
    r"|retour\s+(?:à\s+l['’]article|à\s+la\s+liste|en\s+haut|à\s+l['’]accueil)|back\s+to\s+top)",
    re.I,
)
_WIDGET = re.compile(  # one-word share and comment buttons: only in very short lines
    _START + r"(?:partager|partagez|share|tweet(?:er)?|imprimer|print|envoyer|e-?mail|commenter"
    r"|réagir|réagissez|commentaires?|comments?|publicité|advertisement|recevez|j['’]aime)\b",
    re.I,
)
_PROMPT = re.compile(
    _START + r"(?:leave\s+a\s+(?:comment|reply)|(?:laisser|laissez|publier|ajouter|écrire)\s+un"
    r"\s+commentaire|\d+\s+(?:commentaires?|réactions?|comments?|partages?|shares?)\b"
    r"|abonnez[- ]vous|s['’]abonner|je\s+m['’]abonne|inscrivez[- ]vous|newsletter"
    r"|(?:suivez|rejoignez)[- ]nous|(?:suivez|rejoignez|retrouvez)\s+(?:\S+\s+){1,4}sur\s"
    r"|follow\s+us|subscribe|sign\s+up|votre\s+adresse\s+(?:e-?mail|courriel|de\s+messagerie)"
    r"|l['’]article\s+vous\s+a\s+plu|vous\s+avez\s+aimé\s+cet\s+article|envie\s+de\s+lire"
    r"|(?:cet\s+article\s+est\s+)?réservé\s+aux\s+abonnés|il\s+vous\s+reste\s+\d+\s*%"
    r"|écouter\s+cet\s+article|temps\s+de\s+lecture|lecture\s*:?\s*\d+\s*min"
    r"|\d+\s*min(?:utes?)?\s+de\s+lecture|mots[- ]clés|tags?\s*:|catégories?\s*:"
    r"|à\s+propos\s+de\s+l['’]auteur|about\s+the\s+author)",
    re.I,
)
# A comment form or counter: the article is over (unlike a newsletter prompt,
# which sites insert between paragraphs).
_COMMENTS = re.compile(
    _START + r"(?:leave\s+a\s+(?:comment|reply)|(?:laisser|laissez|publier|ajouter|écrire)\s+un"
    r"\s+commentaire|\d+\s+(?:commentaires?|comments?|réactions?)\b)",
    re.I,
)
_SOCIAL = re.compile(
    r"\b(?:facebook|twitter|x\.com|whatsapp|telegram|linkedin|instagram|tiktok|youtube"
    r"|messenger|pinterest|vkontakte|e-?mail|courriel)\b",
    re.I,
)
_BREADCRUMB = re.compile(r"^(?:accueil|home)\b\s*[>»›|/·•–\-]", re.I)
# "Accueil Dernières minutes ! …": a breadcrumb without separators. "Home" + a capital is
# one only in a short line that does not end like a sentence: "Home Minister Ram Bahadur
# Shrestha said 105 died." is prose (Home Minister, Home Office, Home Affairs…).
_BARE_BREADCRUMB = re.compile(r"^accueil\s+(?-i:[A-ZÀ-Ý])", re.I)
_BARE_HOME = re.compile(r"^home\s+(?-i:[A-ZÀ-Ý])", re.I)
_CRUMB_SEP = re.compile(r"\s[>»›|/]\s")
_COUNTER = re.compile(r"^(?:\d{1,5}(?:[.,]\d)?\s*[kKmM]?|\d{1,3}\s*/\s*\d{1,3})$")
_FOOTER = re.compile(
    r"en\s+charge\s+de\s+la\s+rédaction|rédaction\s+du\s+site|tous\s+droits\s+réservés"
    r"|all\s+rights\s+reserved|droits\s+de\s+reproduction|reproduction\s+(?:interdite|réservée)"
    r"|copyright|©|mentions\s+légales|politique\s+de\s+confidentialité|conditions\s+générales"
    r"|\bcookies?\b",
    re.I,
)
# Wire and photo agencies: credited on lines of their own, and never the outlet.
AGENCIES = (
    r"(?:AFP|Reuters|AP|Associated\s+Press|Belga|ATS|EFE|ANSA|DPA|Agerpres|Anadolu|Xinhua"
    r"|TASS|Getty\s+Images|Sipa|Maxppp|Abaca|EPA|Hans\s+Lucas|Shutterstock)"
)
_CREDIT = re.compile(
    r"^(?:photos?|crédits?(?:\s+photos?)?|credits?|illustration|image|légende|vidéo"
    r"|capture\s+d['’]écran|source\s+photo)\s*[:©/]"
    r"|\((?:photos?|crédits?|illustration)\b[^)]*\)\s*\.?$"
    # "… des zones à risque - ©AFP", "… sur la place / Reuters", not "… a dit le préfet (AFP)."
    r"|(?:[/©]|\s[-–]\s)\s*(?:photo\s+)?" + AGENCIES + r"\b[^()]{0,40}\)?\s*\.?$",
    re.I,
)
# "LQ/AFP", "(avec AFP)", "Source : Reuters": the wire signature closing a dispatch.
_SIGNATURE = re.compile(
    r"^\(?\s*(?:avec\s+|sources?\s*:\s*|d['’]après\s+)?(?:[A-Z]{1,4}\s*/\s*)?"
    + AGENCIES
    + r"(?:\s*[/,-]\s*[\w. ]{1,20})*\s*\)?\.?$",
    re.I,
)
_SENTENCE_END = (".", "!", "?", "…", "»", '"', "”")
_NO_WORDS = re.compile(r"^[\W_]+$")  # "*", "---", "• • •"


@dataclass(frozen=True)
class Line:
    """A non-empty line: its stripped text and where that text sits in the input."""

    start: int
    end: int
    text: str


def body_lines(text: str, body_start: int = 0) -> list[Line]:
    """The non-empty lines of ``text[body_start:]``, with stripped offsets."""
    lines = []
    offset = body_start
    for raw in text[body_start:].split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def is_furniture(line: str, *, top: bool = False, bottom: bool = False) -> bool:
    """True when one stripped line is page furniture, given whether it is near the top/bottom."""
    size = len(line)
    return bool(
        (size <= LINK and (_RELATED.match(line) or _NAVIGATION.match(line)))
        or (size <= SHORT and (_WIDGET.match(line) or _social_only(line)))
        or (size <= PROMPT and _PROMPT.match(line))
        or (size <= CAPTION and _CREDIT.search(line))
        or _COUNTER.match(line)
        or _NO_WORDS.match(line)
        or _SIGNATURE.match(line)
        or (top and size <= PROMPT and _is_breadcrumb(line))
        # The length test first: it spares searching every paragraph of prose.
        or ((size <= CAPTION or (bottom and size <= LINK)) and _FOOTER.search(line))
    )


def find_boilerplate(text: str, body_start: int = 0) -> tuple[Span, ...]:
    """Spans of ``text`` (offsets into it) that are page furniture, merged and sorted."""
    lines = body_lines(text, body_start)
    last = len(lines) - 1
    marked = [
        is_furniture(line.text, top=i < TOP_LINES, bottom=i > last - BOTTOM_LINES)
        for i, line in enumerate(lines)
    ]
    _mark_linked_headlines(lines, marked)
    _mark_tail(lines, marked)
    spans = [(line.start, line.end) for line, m in zip(lines, marked, strict=True) if m]
    return _merge(text, spans)


def clean(doc: Document) -> Document:
    """The document with its ``boilerplate`` spans set."""
    return dataclasses.replace(doc, boilerplate=find_boilerplate(doc.text, doc.body_start))


def _social_only(line: str) -> bool:
    """A row of share buttons: "Facebook Twitter WhatsApp E-mail"."""
    names = _SOCIAL.findall(line)
    return len(names) >= 2 and len(_SOCIAL.sub("", line).split()) <= len(names)


def _is_breadcrumb(line: str) -> bool:
    bare = bool(_BARE_BREADCRUMB.match(line)) or (
        bool(_BARE_HOME.match(line)) and len(line) <= SHORT
        and not line.rstrip().endswith(_SENTENCE_END))
    return bool(_BREADCRUMB.match(line)) or bare or len(_CRUMB_SEP.findall(line)) >= 2


def _mark_linked_headlines(lines: list[Line], marked: list[bool]) -> None:
    """After a lone "Lire aussi" heading, the headlines it introduces are links too.

    The first line after it is always its link; the next ones only while they
    look like headlines (short, no closing sentence punctuation).
    """
    for i, line in enumerate(lines):
        if not _RELATED_ALONE.match(line.text):
            continue
        for j in range(i + 1, min(i + 1 + MAX_LINKED, len(lines))):
            headline = lines[j].text
            if j == i + 1:
                if len(headline) > PROMPT:
                    break
            elif len(headline) > CAPTION or headline.endswith(_SENTENCE_END):
                break
            marked[j] = True


def _mark_tail(lines: list[Line], marked: list[bool]) -> None:
    """Once previous/next navigation or a comment form shows in the last third, the
    article is over: what follows is author boxes, comment forms and comments."""
    for i in range(len(lines) * 2 // 3, len(lines)):
        text = lines[i].text
        if marked[i] and (_NAVIGATION.match(text) or _COMMENTS.match(text)):
            for j in range(i + 1, len(lines)):
                marked[j] = True
            return


def _merge(text: str, spans: list[Span]) -> tuple[Span, ...]:
    """Join spans separated only by whitespace, so a block reads as one span."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def dateline_end(text: str) -> int:
    """The length of the dateline that opens ``text`` (0 when none)."""
    m = DATELINE.match(text[:DATELINE_MAX])
    return m.end() if m else 0
