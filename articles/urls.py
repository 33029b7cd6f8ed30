from django.urls import path

from articles.api import articles as articles_api
from articles.views import pages

urlpatterns = [
    path("", pages.browse, name="browse"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("people/<int:pk>/", pages.person_detail, name="person"),
    path("organizations/<int:pk>/", pages.organization_detail, name="organization"),
    path("api/articles", articles_api.article_list, name="api-articles"),
    path("api/articles/<int:pk>", articles_api.article_detail, name="api-article"),
]
