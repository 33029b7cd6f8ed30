from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from articles.api import analysis as analysis_api
from articles.api import articles as articles_api
from articles.api import entities as entities_api
from articles.api import index as api_index
from articles.api import search as search_api
from articles.feeds import OrganizationFeed, PersonFeed, SearchFeed
from articles.views import analysis, directories, entities, images, imports, pages, preferences, saved
from articles.views import search as search_views

urlpatterns = [
    path("", pages.browse, name="browse"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("articles/<int:pk>/original", pages.article_original, name="article-original"),
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
    # The analyst's workbench (articles/analysis/).
    path("search/export", analysis.export_view, name="export"),
    path("search/values/<str:facet>/", analysis.facet_values, name="facet-values"),
    path("timeline/", analysis.compare, name="timeline"),
    path("api/timeline", analysis_api.timeline_json, name="api-timeline"),
    path("people/", directories.people, name="people"),
    path("organizations/", directories.organizations, name="organizations"),
    path("sources/", directories.sources, name="sources"),
    path("sources/<str:name>/", directories.source_detail, name="source"),
    path("api/sources", analysis_api.source_list, name="api-sources"),
    path("api/sources/<str:name>", analysis_api.source_detail, name="api-source"),
    path("searches/", saved.my_searches, name="saved-searches"),
    path("searches/save", saved.save_search, name="save-search"),
    path("searches/<int:pk>/", saved.open_search, name="saved-search"),
    path("searches/<int:pk>/change", saved.change_search, name="change-saved-search"),
    path("searches/feed/<str:token>/", saved.SavedSearchFeed(), name="saved-search-feed"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.run_page, name="import-run"),
    path("import/<int:pk>/status", imports.run_status, name="import-run-status"),
]
