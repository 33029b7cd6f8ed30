"""Plain text: a title line, or none (seed 001 starts straight with the story)."""

import re

from articles.ingest import markup
from articles.ingest.parsed import ParsedArticle
from articles.text import clean

TITLE_MAX = 64
_SENTENCE_END = re.compile(r"[。！？!?…]$|\.{3}$")


def accepts(text: str) -> bool:
    return True


def is_title(line: str, followed_by_blank: bool) -> bool:
    """A short first line is a title, unless it reads as the story's first sentence:
    it ends like a sentence and the text runs on without a break."""
    if not line or len(line) > TITLE_MAX:
        return False
    return followed_by_blank or not _SENTENCE_END.search(line)


def split_title(lines: list[str]) -> tuple[str, list[str]]:
    """(title or '', the remaining lines)."""
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    if start == len(lines):
        return "", []
    blank_after = start + 1 < len(lines) and not lines[start + 1]
    if is_title(lines[start], blank_after):
        return lines[start], lines[start + 1 :]
    return "", lines[start:]


def parse(text: str) -> ParsedArticle:
    title, lines = split_title(clean(text).split("\n"))
    body = "\n".join(lines).strip()
    return ParsedArticle(title=title, text=body, body_html=markup.from_paragraphs(body))
