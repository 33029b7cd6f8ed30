"""Small hand-made archives for the page tests: articles, people and organizations
created directly, so each test shows exactly what the page must do with them."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from articles.models import Alias, Article, Mention, Organization, Person

SHANGHAI = ZoneInfo("Asia/Shanghai")


def article(title, text="正文。", *, day=None, site="量子位", script="hans", canonical=None, **fields):
    """An article published on `day` ('2024-05-14', Shanghai time) or undated."""
    published_at = datetime.fromisoformat(day).replace(hour=9, tzinfo=SHANGHAI) if day else None
    digest = hashlib.sha256(f"{title}{text}{day}{site}".encode()).hexdigest()
    return Article.objects.create(
        title=title,
        text=text,
        published_at=published_at,
        site=site,
        script=script,
        canonical=canonical,
        source_path=f"/archive/{digest[:12]}.txt",
        file_hash=digest,
        **fields,
    )


def person(name, *aliases):
    entity = Person.objects.create(name=name)
    for alias in aliases:
        Alias.objects.create(entity=entity, name=alias)
    return entity


def organization(name, *aliases):
    entity = Organization.objects.create(name=name)
    for alias in aliases:
        Alias.objects.create(entity=entity, name=alias)
    return entity


def mention(entity, *articles, count=1):
    for item in articles:
        Mention.objects.create(entity=entity, article=item, count=count)
