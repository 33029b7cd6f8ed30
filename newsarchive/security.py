"""Security pieces the settings wire in: the Permissions-Policy header, where a `next`
parameter may send a visitor, and the admin login that only follows a safe `next`."""

from urllib.parse import urlsplit

from django.contrib import admin
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Nothing on the site uses these browser features; no page (nor anything injected into
# one) may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def safe_next(request, target: str, default: str = "/") -> str:
    """`target` when it is a page of this site (a path that resolves), else `default`:
    never another host, never a relative path that would land on a 404."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//"):
        return default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return default
    try:
        resolve(urlsplit(target).path)
    except Resolver404:
        return default
    return target


def admin_login(request):
    """The admin's login, with a `next` that is not a page of this site replaced by the
    admin's index."""
    index = reverse("admin:index")
    for params in (request.GET, request.POST):
        if "next" in params and safe_next(request, params["next"], index) != params["next"]:
            params._mutable = True
            params["next"] = index
            params._mutable = False
    return admin.site.login(request)
