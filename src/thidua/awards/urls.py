from django.urls import path

from . import views, views_decisions, views_registry

Y = "cum/<int:pk>/nam/<int:year>/"
urlpatterns = [
    path(Y + "xep-loai/", views.year_ratings, name="awards_year_ratings"),
    path(Y + "xep-loai.xlsx", views.year_ratings_xlsx, name="awards_year_ratings_xlsx"),
    path(Y + "ky-luat/", views_registry.year_discipline, name="awards_year_discipline"),
    path(Y + "khen-thuong/", views_registry.year_awards, name="awards_year_awards"),
    path("khen-thuong/", views_registry.registry_page, name="awards_registry"),
    path("khen-thuong.xlsx", views_registry.registry_export, name="awards_registry_xlsx"),
    path("khen-thuong/nhap/", views_registry.awards_import, name="awards_import"),
    path("khen-thuong/dieu-kien/<int:year>/", views_registry.rule_adjustments, name="awards_rule_adjustments"),
    path("quyet-dinh/", views_decisions.decisions, name="awards_decisions"),
    path("quyet-dinh/moi/", views_decisions.decision_new, name="awards_decision_new"),
    path("quyet-dinh/<int:pk>/", views_decisions.decision_detail, name="awards_decision"),
    path("quyet-dinh/<int:pk>/huy-bo/", views_decisions.decision_revoke, name="awards_decision_revoke"),
    path("quyet-dinh/<int:pk>/van-ban/<str:fmt>/", views_decisions.decision_document_view, name="awards_decision_document"),
]
