from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ParsedArticle:
    """What a format parser read out of one file, before it is stored."""

    title: str = ""
    text: str = ""
    body_html: str = ""
    published_at: datetime | None = None
    date_only: bool = False  # the source gives a day, not a time
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
    is_original: bool = False  # marked 原创 by its publisher
    # A Markdown body, cleaned of boilerplate and rendered by formats.parse().
    markdown: str = ""
    removed: str = ""  # the plain text the cleaning removed
    block_keys: list[int] = field(default_factory=list)
    template_keys: list[int] = field(default_factory=list)  # the known templates the body holds
    notes: list[str] = field(default_factory=list)  # what was read but not kept, and why
