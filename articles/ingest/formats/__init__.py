"""One module per input format, detected by content (never by file extension).

Each module has `accepts(text) -> bool` and `parse(text) -> ParsedArticle`; the first
that accepts a text parses it, so the order runs from the most to the least specific.
Adding a format means adding a module here. `parse()` then completes, for every
format alike, what the text itself says (publisher, credits, site, cover image) and
removes the body's boilerplate (ingest/boilerplate.py) before the body is rendered.
"""

from django.utils import timezone

from articles.ingest import boilerplate, markup
from articles.ingest.formats import frontmatter, htmldoc, markdown, plaintext, scraped, wechat
from articles.ingest.metadata import credits, implausible, publisher
from articles.ingest.parsed import ParsedArticle
from articles.text import xml_safe

FORMATS = [frontmatter, wechat, htmldoc, markdown, scraped, plaintext]


def detect(text: str):
    return next(module for module in FORMATS if module.accepts(text))


def no_templates(publisher: str, keys: list[int]) -> set[int]:
    return set()


def parse(text: str, templates_for=no_templates) -> ParsedArticle:
    """The article in `text`. `templates_for(publisher, keys)` says which of a body's
    block keys the archive knows as templates of that publisher (none by default)."""
    module = detect(text)
    parsed = module.parse(text)
    parsed.format = module.__name__.rsplit(".", 1)[-1]
    parsed.publisher = parsed.publisher or publisher(parsed.markdown or parsed.text)
    parsed.site = parsed.site or parsed.publisher  # a page naming only its publisher is theirs
    _remove_boilerplate(parsed, templates_for)
    _complete(parsed)
    return parsed


def _remove_boilerplate(parsed: ParsedArticle, templates_for) -> None:
    """Clean a Markdown body and render it; a plain-text body is cleaned line by line."""
    if parsed.markdown:
        blocks = boilerplate.split(parsed.markdown)
    elif parsed.format in ("plaintext", "scraped"):
        blocks = boilerplate.split_lines(parsed.text)
    else:
        return
    parsed.block_keys = boilerplate.keys(blocks)
    templates = templates_for(parsed.site, parsed.block_keys) if parsed.block_keys else set()
    parsed.template_keys = sorted(templates)
    kept, removed = boilerplate.clean(blocks, templates, parsed.title, parsed.publisher)
    if parsed.markdown:
        parsed.body_html, parsed.text, parsed.images = markup.from_markdown("\n\n".join(b.source for b in kept))
        parsed.removed = markup.from_markdown("\n\n".join(b.source for b in removed))[1] if removed else ""
    else:
        parsed.text = "\n".join(b.source for b in kept).strip()
        parsed.body_html = markup.from_paragraphs(parsed.text)
        parsed.removed = "\n".join(b.source for b in removed if b.source.strip())


_TEXT_FIELDS = ("title", "text", "body_html", "removed", "site", "publisher", "url", "cover_image")
_LIST_FIELDS = ("authors", "editors", "categories", "tags")


def _complete(parsed: ParsedArticle) -> None:
    _without_unsafe_characters(parsed)
    # Credits stand in the boilerplate too (声明：本文来自…，作者：…): metadata, not body text.
    authors, editors = credits(f"{parsed.text}\n{parsed.removed}" if parsed.removed else parsed.text)
    parsed.authors = parsed.authors or authors
    parsed.editors = parsed.editors or editors
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
