"""An editor imports from the browser: drops a zip of the seeds and a bad file on the
upload page, a real task worker (a separate process) imports them, and the page shows
the progress and then every file's outcome; a hostile archive is refused on the page."""

import io
import re
import secrets
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, DESKTOP, Visit
from tests.paths import SEEDS
from tests.workers import clear_queue, start_worker, stop

pytestmark = pytest.mark.e2e
BAD_FILE = "seeds/扫描件.pdf"


@pytest.fixture
def editor_tab(request, browser, live_server, transactional_db):
    call_command("load_entities", verbosity=0)
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("editor", "", password)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(20_000)
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    tab = Visit(context.new_page(), live_server.url, folder)
    tab.goto("/admin/login/?next=/import/")
    tab.page.fill("#id_username", "editor")
    tab.page.fill("#id_password", password)
    tab.page.click("input[type=submit]")
    expect(tab.page.locator("h1")).to_have_text("导入文件")
    yield tab
    context.close()
    tab.assert_no_errors()


@pytest.fixture
def worker(tmp_path, settings, transactional_db):
    clear_queue()
    process = start_worker(tmp_path / "worker.log", MEDIA_ROOT=settings.MEDIA_ROOT)
    yield process
    stop(process)
    clear_queue()


def seeds_zip_with_a_bad_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SEEDS.iterdir()):
            archive.write(path, f"seeds/{path.name}")
        archive.writestr(BAD_FILE, b"%PDF-1.4\n\x00\x01\x02\x03" * 50)
    return buffer.getvalue()


def drop(page, name: str, data: bytes) -> None:
    """Drag a file from the desktop onto the drop zone (a real drop event, with the file)."""
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name));
            return transfer;
        }""",
        [name, list(data)],
    )
    page.dispatch_event("#dropzone", "dragenter", {"dataTransfer": transfer})
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})


def test_a_zip_dropped_on_the_page_is_imported_with_its_progress_and_every_outcome(editor_tab, worker):
    page = editor_tab.page
    drop(page, "种子.zip", seeds_zip_with_a_bad_file())
    expect(page.locator("#chosen li")).to_contain_text("种子.zip")
    editor_tab.shoot("chosen")
    # Every figure the page shows while the run goes, as the reader would see them.
    page.add_init_script(
        """document.addEventListener("DOMContentLoaded", () => {
            const done = document.getElementById("run-done");
            if (!done) return;
            window.seen = [done.textContent];
            new MutationObserver(() => window.seen.push(done.textContent))
                .observe(done, {childList: true, characterData: true, subtree: true});
        });"""
    )
    page.click("#upload-submit")

    expect(page).to_have_url(re.compile(r"/import/\d+/$"))
    expect(page.locator("#run-total")).to_have_text("6")
    expect(page.locator("#run-state")).to_have_text("完成", timeout=60_000)
    expect(page.locator("#run")).to_have_attribute("data-finished", "true")
    expect(page.locator("#run-done")).to_have_text("6")
    assert page.eval_on_selector("#run-bar", "bar => [bar.value, bar.max]") == [6, 6]
    seen = [int(figure) for figure in page.evaluate("window.seen")]
    assert seen == sorted(seen) and seen[-1] == 6

    rows = page.locator("#outcomes tr")
    expect(rows).to_have_count(6)
    outcomes = {
        row.locator("td").nth(0).inner_text(): (
            row.locator("td").nth(1).inner_text(),
            row.locator("td").nth(2).inner_text(),
        )
        for row in rows.all()
    }
    assert sorted(outcomes) == sorted(
        [f"种子.zip/seeds/{path.name}" for path in SEEDS.iterdir()] + [f"种子.zip/{BAD_FILE}"]
    )
    assert [label for label, _ in outcomes.values()].count("新文章") == 4
    assert outcomes["种子.zip/seeds/001_29d8b1582fbb2dff.txt"][0] == "另一版本"
    label, reason = outcomes[f"种子.zip/{BAD_FILE}"]
    assert label == "拒收" and reason
    expect(page.locator('[data-count="rejected"]')).to_have_text("1")
    editor_tab.shoot("outcomes")

    page.locator("#outcomes a").first.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/$"))


def test_a_zip_with_a_path_out_of_its_folder_is_refused_on_the_page(editor_tab):
    page = editor_tab.page
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../outside.md", "# 越界\n\n正文")
    page.set_input_files(
        "#upload-files", files=[{"name": "越界.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}]
    )
    page.click("#upload-submit")
    expect(page.locator("#upload-error")).to_contain_text("越界.zip: ../../outside.md points outside")
    expect(page.locator("h1")).to_have_text("导入文件")
    editor_tab.shoot("refused")
    # The browser reports the refused request (HTTP 400) on its console: that one is expected.
    editor_tab.errors = [error for error in editor_tab.errors if "status of 400" not in error]
