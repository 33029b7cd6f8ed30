"""Files that cannot become articles are rejected with a reason; the rest of the batch lands."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Entity, ImportRecord
from tests.paths import FIXTURES, SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_folder(tmp_path):
    shutil.copy(SEEDS / "002_0447b45a3d84e171.txt", tmp_path / "good.txt")
    shutil.copy(FIXTURES / "import" / "wechat_original.md", tmp_path / "wechat.md")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    shutil.copy(FIXTURES / "import" / "broken_front_matter.md", tmp_path / "broken.md")
    return tmp_path


def _import(*args):
    try:
        call_command("import_articles", *map(str, args), "--no-progress")
    except CommandError as error:
        return error
    return None


def test_bad_files_are_rejected_with_their_path_and_reason_and_good_files_land(mixed_folder, capsys):
    error = _import(mixed_folder)
    out, err = capsys.readouterr()
    assert error is not None, "the command fails when anything was rejected"
    assert f"rejected {mixed_folder / 'empty.txt'}: the file is empty" in err
    assert f"rejected {mixed_folder / 'blank.txt'}: the file is empty" in err
    assert f"rejected {mixed_folder / 'image.txt'}: the file is binary" in err
    assert f"rejected {mixed_folder / 'broken.md'}: broken front matter: not valid YAML" in err
    assert "6 files read: 2 new, 0 updated, 0 unchanged, 0 duplicate, 4 rejected" in out
    assert sorted(a.source_file for a in Article.objects.all()) == ["good.txt", "wechat.md"]
    rejected = ImportRecord.objects.filter(status="rejected")
    assert {r.path.rsplit("/", 1)[1]: bool(r.message) for r in rejected} == {
        "empty.txt": True,
        "blank.txt": True,
        "image.txt": True,
        "broken.md": True,
    }


def test_a_front_matter_that_is_never_closed_is_rejected(tmp_path, capsys):
    (tmp_path / "open.md").write_text("---\ntitle: 没有结尾\n\n正文。\n", encoding="utf-8")
    assert _import(tmp_path / "open.md") is not None
    assert "broken front matter: no closing '---' line" in capsys.readouterr().err


def test_a_missing_path_is_rejected_not_fatal(tmp_path, capsys):
    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "ok.txt")
    assert _import(tmp_path / "ok.txt", tmp_path / "missing.txt") is not None
    assert "cannot read the file: No such file or directory" in capsys.readouterr().err
    assert Article.objects.count() == 1


def test_running_again_changes_nothing_and_a_changed_file_updates_its_article(tmp_path, capsys):
    shutil.copy(SEEDS / "003_4be8cc1ea2574548.txt", tmp_path / "story.txt")
    assert _import(tmp_path) is None
    first = Article.objects.get()
    assert _import(tmp_path) is None
    assert "1 files read: 0 new, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert Article.objects.get().updated_at == first.updated_at

    story = tmp_path / "story.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("終於歸來", "終於回來"), encoding="utf-8")
    assert _import(tmp_path) is None
    assert "0 new, 1 updated" in capsys.readouterr().out
    updated = Article.objects.get()
    assert updated.pk == first.pk and "終於回來" in updated.title


def test_a_dry_run_reports_without_storing_anything(tmp_path, capsys):
    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "a.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _import(tmp_path, "--dry-run") is not None
    out, err = capsys.readouterr()
    assert "dry run, nothing stored: 2 files read: 1 new" in out and "1 rejected" in out
    assert Article.objects.count() == 0 and ImportRecord.objects.count() == 0


def test_a_dry_run_reports_each_file_as_if_it_were_imported(tmp_path, capsys):
    # The person the first file brings is rolled back with it; the second file names him
    # with another alias and must not trip over an entity that no longer exists.
    (tmp_path / "a.txt").write_text("模型发布会\n\n首席研究官陳信翰(Mark Chen)表示，新模型更会推理。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("推理的未来\n\n研究主管马克·陈(Mark Chen)说，推理还很早期。", encoding="utf-8")
    assert _import(tmp_path, "--dry-run") is None
    assert "2 files read: 2 new, 0 updated, 0 unchanged, 0 duplicate, 0 rejected" in capsys.readouterr().out
    assert not Entity.objects.filter(name="Mark Chen").exists()
    assert _import(tmp_path) is None
    assert set(Entity.objects.get(name="Mark Chen").aliases.values_list("name", flat=True)) >= {"陳信翰", "马克·陈"}


def test_force_parses_unchanged_files_again(tmp_path, capsys):
    shutil.copy(SEEDS / "004_4d2cc72df5aa22cc.txt", tmp_path / "a.txt")
    assert _import(tmp_path) is None
    Article.objects.update(title="an older importer's title")
    assert _import(tmp_path, "--force") is None
    assert "0 new, 1 updated" in capsys.readouterr().out
    assert Article.objects.get().title == "硅谷AI研發精英,每周需工作100小時"


def test_a_rerun_fails_only_for_files_this_run_rejected_anew(mixed_folder, capsys):
    assert _import(mixed_folder) is not None
    capsys.readouterr()
    assert _import(mixed_folder) is None, "the same four files, rejected again, are not this run's failure"
    out, err = capsys.readouterr()
    assert "4 rejected (4 of them rejected by an earlier run too)" in out
    assert f"rejected {mixed_folder / 'empty.txt'}: the file is empty" in err  # still said, every run

    (mixed_folder / "blank.txt").write_bytes(b"\x00\x01\x02 binary now")  # other bytes: a new rejection
    error = _import(mixed_folder)
    assert error is not None and "1 file(s) rejected (and 3 as before)" in str(error)


def test_strict_fails_on_any_rejected_file(mixed_folder, capsys):
    _import(mixed_folder)
    error = _import(mixed_folder, "--strict")
    assert error is not None and "4 file(s) rejected" in str(error)


def test_the_summary_says_where_to_read_about_each_file(mixed_folder, capsys, settings, client, admin_client):
    settings.SITE_URL = "https://archive.example"
    _import(mixed_folder)
    out = capsys.readouterr().out
    run = ImportRecord.objects.latest("id").run_id
    address = f"https://archive.example/admin/articles/importrecord/?run__id__exact={run}&status__exact=rejected"
    assert f"What happened to each file: the admin's import records, {address}" in out
    page = admin_client.get(address.removeprefix("https://archive.example")).content.decode()
    assert "empty.txt" in page and "broken front matter" in page and "good.txt" not in page


def test_a_dry_run_counts_duplicates_as_the_real_run_does(tmp_path, capsys):
    for name in ("000_9beeb652d9d13dcb.txt", "001_29d8b1582fbb2dff.txt"):  # one story, two scripts
        shutil.copy(SEEDS / name, tmp_path / name)
    shutil.copy(SEEDS / "000_9beeb652d9d13dcb.txt", tmp_path / "000_again.txt")  # the very same bytes
    _import(tmp_path, "--dry-run")
    dry = capsys.readouterr().out
    assert Article.objects.count() == 0
    _import(tmp_path)
    real = capsys.readouterr().out
    counts = "3 files read: 1 new, 0 updated, 0 unchanged, 2 duplicate, 0 rejected"
    assert f"dry run, nothing stored: {counts}" in dry and counts in real
