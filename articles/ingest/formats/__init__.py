"""One module per input format, detected by content (never by file extension).

Each module has `accepts(text) -> bool` and `parse(text) -> ParsedArticle`; the first
that accepts a text parses it, so the order runs from the most to the least specific.
Adding a format means adding a module here. `parse()` then completes, for every
format alike, what the text itself says: publisher, credits, site, cover image.
"""

from articles.ingest.formats import frontmatter, htmldoc, markdown, plaintext, scraped, wechat
from articles.ingest.metadata import credits, publisher
from articles.ingest.parsed import ParsedArticle

FORMATS = [frontmatter, wechat, htmldoc, markdown, scraped, plaintext]


def detect(text: str):
    return next(module for module in FORMATS if module.accepts(text))


def parse(text: str) -> ParsedArticle:
    module = detect(text)
    parsed = module.parse(text)
    parsed.format = module.__name__.rsplit(".", 1)[-1]
    _complete(parsed)
    return parsed


def _complete(parsed: ParsedArticle) -> None:
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
