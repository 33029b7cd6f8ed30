"""Task workers for the tests: real `manage.py procrastinate worker` processes on the test
database, or a worker run in the test process until the queue is empty."""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

from django.db import connection

from tests.paths import ROOT


def database_url(settings_dict=None) -> str:
    """A DATABASE_URL for the database Django is using now (the test database)."""
    db = settings_dict or connection.settings_dict
    host = quote(db["HOST"], safe="") if db["HOST"].startswith("/") else db["HOST"]
    return f"postgres://{db['USER']}@{host}:{db['PORT']}/{db['NAME']}"


def environment(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "PROCRASTINATE_", "DJANGO_ALLOW_ASYNC"))
    }
    env.update({"DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"})
    env.update({key: str(value) for key, value in extra.items()})
    return env


def start_worker(log_path, *options, **extra) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker", *options],
            cwd=ROOT,
            env=environment(**extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, timeout: float = 60, every: float = 0.2, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def run_queue_here() -> None:
    """Run every queued job in this process, then return (the queue is empty)."""
    from procrastinate.contrib.django import app

    # The worker's threads must not keep connections open after their job: the test
    # database is flushed (and finally dropped) by this process.
    connection.settings_dict["CONN_MAX_AGE"] = 0
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def clear_queue() -> None:
    """Jobs are not Django-managed rows: the flush between tests leaves them."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_periodic_defers")
        cursor.execute("DELETE FROM procrastinate_workers")
