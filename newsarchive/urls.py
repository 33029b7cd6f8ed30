from django.contrib import admin
from django.urls import include, path

from newsarchive.security import admin_login

urlpatterns = [
    path("admin/login/", admin_login),  # before the admin's own: a tampered `next` is dropped
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
]

handler400 = "newsarchive.errors.bad_request"
handler403 = "newsarchive.errors.permission_denied"
handler404 = "newsarchive.errors.not_found"
handler500 = "newsarchive.errors.server_error"
