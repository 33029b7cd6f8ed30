"""Plain text: a title line, or none."""

from articles.ingest.parsed import ParsedArticle
from articles.text import clean


def accepts(text: str) -> bool:
    return True


def parse(text: str) -> ParsedArticle:
    lines = [line for line in clean(text).split("\n")]
    first = next((line for line in lines if line), "")
    title = first if len(first) <= 60 else ""
    body = "\n".join(lines[1:] if title else lines).strip()
    return ParsedArticle(title=title, text=body)
