"""People and organizations: finding them in articles and linking their names."""

from articles.models import Alias, Mention


def link_article(article) -> None:
    """Link the article to every known entity whose name or alias it contains."""
    folded = article.search_text
    counts = {}
    for alias in Alias.objects.select_related("entity"):
        n = folded.count(alias.folded)
        if n:
            counts[alias.entity_id] = max(counts.get(alias.entity_id, 0), n)
    Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(Mention(article=article, entity_id=e, count=n) for e, n in counts.items())
