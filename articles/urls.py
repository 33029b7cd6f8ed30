from django.urls import path, re_path

from articles.api import articles as articles_api
from articles.api import entities as entities_api
from articles.api import index as api_index
from articles.api import search as search_api
from articles.feeds import OrganizationFeed, PersonFeed, SearchFeed
from articles.views import entities, images, imports, pages, preferences
from articles.views import search as search_views

urlpatterns = [
    path("", pages.browse, name="browse"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("about/", pages.about, name="about"),
    path("favicon.ico", pages.favicon, name="favicon"),
    re_path(r"^media/images/(?P<key>[0-9a-f]{40})$", images.image, name="image"),
    path("script/", preferences.set_script, name="set-script"),
    path("people/<int:pk>/", entities.person_detail, name="person"),
    path("organizations/<int:pk>/", entities.organization_detail, name="organization"),
    path("people/<int:pk>/feed/", PersonFeed(), name="person-feed"),
    path("organizations/<int:pk>/feed/", OrganizationFeed(), name="organization-feed"),
    path("api/", api_index.api_index, name="api-index"),
    path("api/openapi.json", api_index.openapi_json, name="api-openapi"),
    path("api/people", entities_api.person_list, name="api-people"),
    path("api/people/<int:pk>", entities_api.person_detail, name="api-person"),
    path("api/organizations", entities_api.organization_list, name="api-organizations"),
    path("api/organizations/<int:pk>", entities_api.organization_detail, name="api-organization"),
    path("search/", search_views.search_page, name="search"),
    path("search/feed/", SearchFeed(), name="search-feed"),
    path("api/search", search_api.search_json, name="api-search"),
    path("api/articles", articles_api.article_list, name="api-articles"),
    path("api/articles/<int:pk>", articles_api.article_detail, name="api-article"),
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.run_page, name="import-run"),
    path("import/<int:pk>/status", imports.run_status, name="import-run-status"),
]
