"""One module per input format, detected by content (never by file extension).

Each module has `accepts(text) -> bool` and `parse(text) -> ParsedArticle`; the first
that accepts a text parses it, so the order runs from the most to the least specific.
Adding a format means adding a module here. `parse()` then completes, for every
format alike, what the text itself says: publisher, credits, site, cover image.
"""

from django.utils import timezone

from articles.ingest.formats import frontmatter, htmldoc, markdown, plaintext, scraped, wechat
from articles.ingest.metadata import credits, implausible, publisher
from articles.ingest.parsed import ParsedArticle
from articles.text import xml_safe

FORMATS = [frontmatter, wechat, htmldoc, markdown, scraped, plaintext]


def detect(text: str):
    return next(module for module in FORMATS if module.accepts(text))


def parse(text: str) -> ParsedArticle:
    module = detect(text)
    parsed = module.parse(text)
    parsed.format = module.__name__.rsplit(".", 1)[-1]
    _complete(parsed)
    return parsed


_TEXT_FIELDS = ("title", "text", "body_html", "site", "publisher", "url", "cover_image")
_LIST_FIELDS = ("authors", "editors", "categories", "tags")


def _complete(parsed: ParsedArticle) -> None:
    _without_unsafe_characters(parsed)
    parsed.publisher = parsed.publisher or publisher(parsed.text)
    authors, editors = credits(parsed.text)
    parsed.authors = parsed.authors or authors
    parsed.editors = parsed.editors or editors
    # A page that names only its original publisher is that publisher's page.
    parsed.site = parsed.site or parsed.publisher
    if not parsed.cover_image:
        still = [src for src in parsed.images if "gif" not in src.lower()]
        parsed.cover_image = (still or [""])[0]
    parsed.title = " ".join(parsed.title.split())[:500]
    _drop_implausible_date(parsed)


def _without_unsafe_characters(parsed: ParsedArticle) -> None:
    """Nothing stored holds what XML (the feeds) or PostgreSQL (NUL) cannot."""
    for name in _TEXT_FIELDS:
        setattr(parsed, name, xml_safe(getattr(parsed, name)))
    for name in _LIST_FIELDS:
        setattr(parsed, name, [cleaned for item in getattr(parsed, name) if (cleaned := xml_safe(item))])


def _drop_implausible_date(parsed: ParsedArticle) -> None:
    """A date before 1900 or days ahead is a mistake or a trap (one past year 9999 in UTC
    cannot even be read back): the article is kept without it, and the record says so."""
    if parsed.published_at is None:
        return
    reason = implausible(parsed.published_at, timezone.now())
    if reason:
        parsed.notes.append(f"date {parsed.published_at.isoformat()} dropped: {reason}")
        parsed.published_at = None
