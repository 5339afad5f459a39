from django.urls import path

from . import feeds, portal, views

P = "cong-thong-tin/"
ORG = P + "<slug:org>/"
C = ORG + "<slug:cluster>/"
urlpatterns = [
    # members (signed in)
    path("cum/<int:pk>/kenh-thong-tin/", views.cluster_channel, name="channel_cluster"),
    path("cum/<int:pk>/kenh-thong-tin/viet-bai/", views.post_new, name="channel_post_new"),
    path("cum/<int:pk>/nam/<int:year>/tin-tu-ket-qua/", views.draft_from_results, name="channel_draft_from_results"),
    path("kenh-thong-tin/bai/<int:post_id>/", views.post_detail, name="channel_post"),
    path("kenh-thong-tin/bai/<int:post_id>/sua/", views.post_edit, name="channel_post_edit"),
    path("kenh-thong-tin/bai/<int:post_id>/dang/", views.post_publish, name="channel_post_publish"),
    path("kenh-thong-tin/bai/<int:post_id>/tep/", views.post_attach, name="channel_post_attach"),
    path("kenh-thong-tin/bai/<int:post_id>/binh-luan/", views.post_comment, name="channel_post_comment"),
    path("kenh-thong-tin/tep/<int:attachment_id>/go/", views.attachment_remove, name="channel_attachment_remove"),
    # public (no sign-in)
    path(P + "tep/<int:attachment_id>/", views.attachment_file, name="channel_attachment"),
    path(P, portal.home, name="portal_home"),
    path(ORG, portal.organizer_home, name="portal_organizer"),
    path(ORG + "khen-thuong/", portal.registry, name="portal_registry"),
    path(ORG + "rss/", feeds.OrganizerFeed(), name="portal_organizer_rss"),
    path(ORG + "atom/", feeds.OrganizerAtomFeed(), name="portal_organizer_atom"),
    path(ORG + "loai/<slug:kind_slug>/", portal.post_list, name="portal_organizer_list"),
    path(C, portal.cluster_home, name="portal_cluster"),
    path(C + "rss/", feeds.ClusterFeed(), name="portal_cluster_rss"),
    path(C + "atom/", feeds.ClusterAtomFeed(), name="portal_cluster_atom"),
    path(C + "ket-qua/<int:year>/", portal.results, name="portal_results"),
    path(C + "loai/<slug:kind_slug>/", portal.post_list, name="portal_list"),
    path(C + "bai/<int:pk>-<slug:slug>/", portal.article, name="portal_article"),
]
