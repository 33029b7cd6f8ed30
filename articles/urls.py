from django.urls import path

from articles import api, views

urlpatterns = [
    path("", views.browse, name="browse"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("api/articles", api.article_list, name="api-articles"),
    path("api/articles/<int:pk>", api.article_detail, name="api-article"),
]
