import pytest
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from articles.ingest import import_paths
from tests.paths import SEEDS

# Generated requests: the same examples every run (derandomised), few of them, and no
# example database to keep; the fixtures a test asks for are made once per test, which
# is what the fuzzing tests want (they only read).
hypothesis_settings.register_profile(
    "newsarchive",
    derandomize=True,
    max_examples=12,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("newsarchive")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Unit tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    # Imported files' originals go to the storage: each test its own, never var/media, and
    # never inside tmp_path, which tests import as a folder.
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def seeds(db):
    """The five seed articles, imported."""
    summary = import_paths([SEEDS])
    assert not summary.rejected, summary.rejected
    from articles.models import Article

    return {a.source_file[:3]: a for a in Article.objects.all()}


@pytest.fixture
def call(capsys):
    """Run a management command; return (stdout, stderr)."""

    def run(*args):
        call_command(*args)
        captured = capsys.readouterr()
        return captured.out, captured.err

    return run


@pytest.fixture(autouse=True)
def _empty_cache():
    # Directory and timeline counts are kept in the cache: no test sees another's.
    from django.core.cache import cache

    cache.clear()
