# The information channel's part of the v1 routes (shared/design/api-v1.md), wired into
# v1_urls.py by `urlpatterns += channel_urlpatterns`.
from django.urls import path

from .views import channel

urlpatterns = [
    path("posts/", channel.PostListCreate.as_view(), name="api-posts"),
    path("posts/<int:pk>/", channel.PostDetail.as_view(), name="api-post"),
]
