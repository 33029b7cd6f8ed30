"""GET /media/images/<key>: an article image from the archive's own store, or a
placeholder that says it has not been downloaded (articles.images)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles import images

# Stored images never change (the key is their address's hash); a placeholder may be
# replaced by the image at any time.
KEPT_FOR = "public, max-age=31536000, immutable"
_PLACEHOLDER = """<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270" viewBox="0 0 480 270" role="img">
<title>{text}</title><rect width="480" height="270" fill="#eef1f4" stroke="#b8c0c8" stroke-dasharray="6 6"/>
<path d="M200 160l30-36 24 28 16-18 30 26z" fill="#b8c0c8"/><circle cx="282" cy="104" r="10" fill="#b8c0c8"/>
<text x="240" y="205" font-family="sans-serif" font-size="16" fill="#57606a" text-anchor="middle">{text}</text></svg>"""


@require_GET
def image(request, key):
    found = images.stored(key)
    if found is None:
        text = _("图片尚未下载到档案中")
        # 200, not 404: the placeholder is what the page should show (a 404 is an error in
        # every reader's console); no-cache lets the image replace it once fetched.
        response = HttpResponse(_PLACEHOLDER.format(text=text), content_type="image/svg+xml")
        response["Cache-Control"] = "no-cache"
    else:
        data, content_type = found
        response = HttpResponse(data, content_type=content_type)
        response["Cache-Control"] = KEPT_FOR
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
