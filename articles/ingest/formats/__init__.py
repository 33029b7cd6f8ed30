"""One module per input format. Each has `accepts(text) -> bool` and
`parse(text) -> ParsedArticle`; the first that accepts a file parses it."""

from articles.ingest.formats import frontmatter, plaintext

FORMATS = [frontmatter, plaintext]


def parse(text: str):
    for module in FORMATS:
        if module.accepts(text):
            return module.parse(text)
    raise AssertionError("plaintext accepts everything")
