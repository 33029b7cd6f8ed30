from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ParsedArticle:
    """What a format parser read out of one file, before it is stored."""

    title: str = ""
    text: str = ""
    body_html: str = ""
    published_at: datetime | None = None
    site: str = ""
    publisher: str = ""
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    url: str = ""
    cover_image: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    format: str = ""
    notes: list[str] = field(default_factory=list)  # what was read but not kept, and why
