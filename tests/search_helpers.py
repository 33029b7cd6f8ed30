"""Articles made for search tests, indexed the way a real save indexes them."""

from articles import search
from articles.models import Alias, Article, Mention, Person
from articles.text import fold


def make_article(title, text, source_path=None, **fields):
    article = Article.objects.create(
        title=title,
        text=text,
        source_path=source_path or f"/tests/{title[:40]}.txt",
        search_text=fold(f"{title}\n{text}"),
        **fields,
    )
    search.index_article(article)
    return article


def make_person(name, *aliases, articles=()):
    person = Person.objects.create(name=name)
    for alias in (name, *aliases):
        Alias.objects.get_or_create(entity=person, folded=fold(alias), defaults={"name": alias})
    for article in articles:
        Mention.objects.get_or_create(article=article, entity=person)
        search.index_article(article)
    return person
