"""The staff upload page /import/: files or archives in, a queued run out, its progress.

The upload view is exempt from the CSRF middleware only so that the size of the request
is checked before anything reads its body (the middleware would read all of it to find
the token); the token is then checked, as everywhere, by csrf_protect.
"""

import secrets

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from articles.ingest import batches
from articles.ingest.uploads import Limits, UploadRejected, stage
from articles.models import ImportRun
from articles.tasks import enqueue_import
from articles.views.access import staff

HISTORY = 20
STATUS_LABELS = {
    "new": "新文章",
    "updated": "已更新",
    "unchanged": "未变",
    "duplicate": "另一版本",
    "rejected": "拒收",
}


@csrf_exempt
@staff
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST" and _declared_length(request) > settings.UPLOAD_MAX_MB * 1_000_000:
        return _refused(request, f"上传太大：一次最多 {settings.UPLOAD_MAX_MB} MB。", status=413)
    return _upload(request)


@csrf_protect
def _upload(request):
    if request.method == "GET":
        return _page(request)
    try:
        files = request.FILES.getlist("files")
    except TooManyFilesSent:
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return _refused(request, f"一次最多上传 {limit} 个文件；更多的文件请打包成 .zip 或 .tar.gz。", status=400)
    if not files:
        return _refused(request, "没有选择文件。", status=400)
    folder = f"uploads/{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
    limits = Limits(expanded_bytes=settings.UPLOAD_MAX_EXPANDED_MB * 1_000_000, files=settings.UPLOAD_MAX_FILES)
    try:
        names = stage(files, folder, limits)
    except UploadRejected as rejected:
        return _refused(request, f"上传被拒绝：{rejected}", status=400)
    arguments = ", ".join(upload.name for upload in files)[:1000]
    run = enqueue_import(names, arguments, user=request.user, folder=folder, in_storage=True)
    if _wants_json(request):
        url = reverse("import-run", args=[run.pk])
        return JsonResponse({"run": run.pk, "url": url, "total": run.total}, status=202)
    return redirect("import-run", pk=run.pk)


@staff
@require_GET
def run_page(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    progress = _labelled(batches.progress(run))
    counts = [(status, label, progress["counts"][status]) for status, label in STATUS_LABELS.items()]
    return render(request, "articles/import_run.html", {"run": run, "progress": progress, "counts": counts})


@staff
@require_GET
def run_status(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        after = int(request.GET.get("after", 0))
    except ValueError:
        after = 0
    return JsonResponse(_labelled(batches.progress(run, after=after)))


def _labelled(progress: dict) -> dict:
    for outcome in progress["outcomes"]:
        outcome["label"] = STATUS_LABELS[outcome["status"]]
    return progress


def _page(request, error: str = "", status: int = 200):
    runs = ImportRun.objects.order_by("-pk")[:HISTORY]
    context = {
        "runs": [(run, batches.counts(run.pk)) for run in runs],
        "error": error,
        "max_mb": settings.UPLOAD_MAX_MB,
        "max_expanded_mb": settings.UPLOAD_MAX_EXPANDED_MB,
        "max_files": settings.UPLOAD_MAX_FILES,
    }
    return render(request, "articles/import.html", context, status=status)


def _refused(request, message: str, status: int):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return _page(request, error=message, status=status)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
