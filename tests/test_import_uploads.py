"""The staff upload page: files and archives in, a queued run, every file's outcome;
hostile uploads refused with a reason and nothing kept."""

import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article, ImportRun
from tests.paths import SEEDS
from tests.workers import clear_queue, run_queue_here

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_queue():
    clear_queue()
    yield
    clear_queue()


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user("editor", password="unused-in-tests", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def zip_of(members: dict) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("batch.zip", buffer.getvalue(), "application/zip")


def seeds_zip(**extra) -> SimpleUploadedFile:
    return zip_of({f"seeds/{path.name}": path.read_bytes() for path in sorted(SEEDS.iterdir())} | extra)


def post(client, *files, **headers):
    return client.post("/import/", {"files": list(files)}, HTTP_ACCEPT="application/json", **headers)


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(path) for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_zip_of_the_seeds_and_a_bad_file_is_imported_by_a_worker_with_every_outcome(staff):
    response = post(staff, seeds_zip(**{"seeds/broken.md": b"\x00\xff\x00\xfe" * 64}))
    assert response.status_code == 202
    run = ImportRun.objects.get(pk=response.json()["run"])
    assert run.total == 6 and run.finished_at is None

    run_queue_here()

    state = staff.get(f"/import/{run.pk}/status").json()
    assert state["finished"] and state["done"] == state["total"] == 6
    assert state["counts"] | {} == {"new": 4, "duplicate": 1, "rejected": 1, "updated": 0, "unchanged": 0}
    outcomes = {outcome["file"]: outcome for outcome in state["outcomes"]}
    assert sorted(outcomes) == sorted(f"batch.zip/seeds/{p.name}" for p in SEEDS.iterdir()) + [
        "batch.zip/seeds/broken.md"
    ]
    assert outcomes["batch.zip/seeds/001_29d8b1582fbb2dff.txt"]["message"].startswith("a version of article")
    assert outcomes["batch.zip/seeds/broken.md"]["status"] == "rejected"
    assert outcomes["batch.zip/seeds/broken.md"]["message"]
    assert Article.objects.count() == 5
    page = staff.get(f"/import/{run.pk}/").content.decode()
    assert "batch.zip/seeds/broken.md" in page and "拒收" in page


def test_plain_files_and_a_tar_gz_go_in_one_run(staff):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(SEEDS / sorted(os.listdir(SEEDS))[0], arcname="one.txt")
    tar = SimpleUploadedFile("more.tar.gz", buffer.getvalue())
    plain = SimpleUploadedFile("两篇.txt", (SEEDS / sorted(os.listdir(SEEDS))[2]).read_bytes())
    response = post(staff, tar, plain)
    assert response.status_code == 202
    run_queue_here()
    state = staff.get(response.json()["url"] + "status").json()
    assert sorted(o["file"] for o in state["outcomes"]) == ["more.tar.gz/one.txt", "两篇.txt"]
    assert state["counts"]["new"] == 2


def test_the_history_lists_earlier_runs_with_their_counts(staff):
    post(staff, seeds_zip())
    run_queue_here()
    page = staff.get("/import/").content.decode()
    assert "batch.zip" in page and "新 4" in page and "完成" in page


@pytest.mark.parametrize(
    ("member", "reason"),
    [("../../etc/evil.md", "points outside"), ("/etc/evil.md", "points outside"), ("a/../../x.md", "points outside")],
)
def test_a_zip_member_escaping_its_folder_refuses_the_whole_upload(staff, settings, member, reason):
    response = post(staff, seeds_zip(**{member: b"# x\n\ny"}))
    assert response.status_code == 400
    assert reason in response.json()["error"] and member in response.json()["error"]
    assert not ImportRun.objects.exists()
    assert media_files(settings) == []


def test_a_link_in_a_tar_is_refused(staff, settings):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(SEEDS / sorted(os.listdir(SEEDS))[0], arcname="fine.txt")
        link = tarfile.TarInfo("passwd.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    response = post(staff, SimpleUploadedFile("links.tar.gz", buffer.getvalue()))
    assert response.status_code == 400
    assert "passwd.txt is a link" in response.json()["error"]
    assert media_files(settings) == []


def test_a_zip_bomb_is_stopped_at_the_expansion_limit(staff, settings):
    settings.UPLOAD_MAX_EXPANDED_MB = 1
    bomb = zip_of({"zeros.txt": b"0" * 20_000_000})
    assert bomb.size < 100_000
    response = post(staff, bomb)
    assert response.status_code == 400
    assert "expands to" in response.json()["error"] and "1 MB" in response.json()["error"]
    assert media_files(settings) == []


def test_a_zip_that_lies_about_its_sizes_is_stopped_by_the_bytes_written(staff, settings):
    settings.UPLOAD_MAX_EXPANDED_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):  # each under the limit, together over it
            archive.writestr(f"part{number}.txt", b"1" * 600_000)
    response = post(staff, SimpleUploadedFile("parts.zip", buffer.getvalue()))
    assert response.status_code == 400 and "expands to" in response.json()["error"]


def test_too_many_files_are_refused(staff, settings):
    settings.UPLOAD_MAX_FILES = 3
    response = post(staff, seeds_zip())
    assert response.status_code == 400 and "more than 3 files" in response.json()["error"]


def test_more_files_side_by_side_than_a_request_may_carry_are_refused_with_advice(staff, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(3)]
    response = post(staff, *files)
    assert response.status_code == 400 and ".zip" in response.json()["error"]


def test_an_upload_larger_than_the_limit_is_refused_before_it_is_read(staff, settings):
    settings.UPLOAD_MAX_MB = 1
    response = post(staff, SimpleUploadedFile("big.txt", b"x" * 1_500_000))
    assert response.status_code == 413
    assert "1 MB" in response.json()["error"]
    assert media_files(settings) == []


def test_a_corrupt_archive_is_refused_with_its_name(staff):
    response = post(staff, SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really a zip"))
    assert response.status_code == 400 and "broken.zip: not a readable zip archive" in response.json()["error"]


def test_without_javascript_the_form_posts_and_lands_on_the_run_page(staff):
    response = staff.post("/import/", {"files": [seeds_zip()]})
    assert response.status_code == 302
    assert response["Location"].startswith("/import/")
    refused = staff.post("/import/", {})
    assert refused.status_code == 400 and "没有选择文件" in refused.content.decode()


def test_only_staff_reach_the_upload_page():
    anonymous = Client()
    assert anonymous.get("/import/").status_code == 302
    assert anonymous.post("/import/", {"files": [seeds_zip()]}).status_code == 302
    reader = get_user_model().objects.create_user("reader", password="unused-in-tests")
    client = Client()
    client.force_login(reader)
    assert client.get("/import/").status_code == 302
    assert client.get("/import/1/status").status_code == 302
    assert not ImportRun.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused():
    user = get_user_model().objects.create_user("editor", password="unused-in-tests", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/import/", {"files": [seeds_zip()]}).status_code == 403
    assert not ImportRun.objects.exists()


def test_the_admin_links_to_the_upload_page(staff):
    get_user_model().objects.filter(username="editor").update(is_superuser=True)
    assert 'href="/import/"' in staff.get("/admin/").content.decode()
