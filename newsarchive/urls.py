from django.contrib import admin
from django.urls import include, path

from newsarchive.security import admin_login

# The admin's URLs, its login first in their place: a tampered `next` goes to the index.
admin_urls, admin_app, admin_namespace = admin.site.urls
admin_urls = [path("login/", admin_login, name="login"), *admin_urls]

urlpatterns = [
    path("admin/", (admin_urls, admin_app, admin_namespace)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
]

handler400 = "newsarchive.errors.bad_request"
handler403 = "newsarchive.errors.permission_denied"
handler404 = "newsarchive.errors.not_found"
handler500 = "newsarchive.errors.server_error"
