"""What every hostile-input test checks after the bad file: the good files of the batch
landed, the bad one has its reason on its record, and the reader's pages still answer."""

import shutil
import xml.dom.minidom

from django.core.management import CommandError, call_command

from articles.models import Article, Entity, ImportRecord
from tests.paths import SEEDS

GOOD_SEEDS = ["002_0447b45a3d84e171.txt", "004_4d2cc72df5aa22cc.txt"]


def add_good_files(folder) -> list[str]:
    """Two good articles in `folder`; their file names."""
    for name in GOOD_SEEDS:
        shutil.copy(SEEDS / name, folder / name)
    return list(GOOD_SEEDS)


def run_import(*paths, workers: int = 1) -> tuple[str, str]:
    """The command as a user runs it: (stdout, stderr); a failing exit is part of stderr."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_articles", *map(str, paths), "--no-progress", "--workers", str(workers), stdout=out, stderr=err
        )
    except CommandError as error:
        err.write(f"\nCommandError: {error}\n")
    return out.getvalue(), err.getvalue()


def assert_landed(*file_names) -> None:
    stored = {article.source_file for article in Article.objects.all()}
    assert set(file_names) <= stored, f"missing: {set(file_names) - stored}"


def record_of(file_name: str) -> ImportRecord:
    return ImportRecord.objects.filter(path__endswith="/" + file_name).latest("pk")


def assert_pages_answer(client) -> None:
    """Every kind of reader page, the API and the feeds answer without a server error,
    and the feeds are well-formed XML."""
    article = Article.objects.order_by("pk").first()
    urls = ["/", "/?to=2024-12-31", "/about/", "/search/?q=OpenAI", "/api/articles", "/api/search?q=OpenAI"]
    feeds = ["/search/feed/?q=OpenAI", "/search/feed/?q=的"]
    if article:
        urls += [article.get_absolute_url(), f"/api/articles/{article.pk}"]
    for entity in Entity.objects.filter(mentions__isnull=False).distinct()[:2]:
        urls.append(entity.get_absolute_url())
        feeds.append(entity.get_absolute_url() + "feed/")
    for url in urls + feeds:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    for url in feeds:
        xml.dom.minidom.parseString(client.get(url).content)  # raises on ill-formed XML
