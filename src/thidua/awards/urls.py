from django.urls import path

from . import dossier_views, views, views_decisions, views_registry

Y = "cum/<int:pk>/nam/<int:year>/"
D = Y + "ho-so-de-nghi/"
urlpatterns = [
    path(Y + "xep-loai/", views.year_ratings, name="awards_year_ratings"),
    path(Y + "xep-loai.xlsx", views.year_ratings_xlsx, name="awards_year_ratings_xlsx"),
    path(Y + "ky-luat/", views_registry.year_discipline, name="awards_year_discipline"),
    path(Y + "khen-thuong/", views_registry.year_awards, name="awards_year_awards"),
    path("don-vi/<int:pk>/ke-thua-thanh-tich/", views_registry.carry_over, name="awards_carry_over"),
    path("khen-thuong/", views_registry.registry_page, name="awards_registry"),
    path("khen-thuong.xlsx", views_registry.registry_export, name="awards_registry_xlsx"),
    path("khen-thuong/nhap/", views_registry.awards_import, name="awards_import"),
    path("khen-thuong/dieu-kien/<int:year>/", views_registry.rule_adjustments, name="awards_rule_adjustments"),
    path("quyet-dinh/", views_decisions.decisions, name="awards_decisions"),
    path("quyet-dinh/moi/", views_decisions.decision_new, name="awards_decision_new"),
    path("quyet-dinh/<int:pk>/", views_decisions.decision_detail, name="awards_decision"),
    path("quyet-dinh/<int:pk>/huy-bo/", views_decisions.decision_revoke, name="awards_decision_revoke"),
    path("quyet-dinh/<int:pk>/ban-da-ky/them/", views_decisions.decision_signed_copy_add, name="awards_decision_signed_copy_add"),
    path("quyet-dinh/<int:pk>/ban-da-ky.pdf", views_decisions.decision_signed_copy, name="awards_decision_signed_copy"),
    path("quyet-dinh/<int:pk>/van-ban/<str:fmt>/", views_decisions.decision_document_view, name="awards_decision_document"),
    # the proposal dossier (dossier_views)
    path(D, dossier_views.dossier_page, name="awards_dossier"),
    path(D + "gui/", dossier_views.dossier_submit, name="awards_dossier_submit"),
    path(D + "tra-lai/", dossier_views.dossier_return, name="awards_dossier_return"),
    path(D + "tiep-nhan/", dossier_views.dossier_accept, name="awards_dossier_accept"),
    path(D + "bao-cao/<int:unit_id>/", dossier_views.report_page, name="awards_dossier_report"),
    path(D + "bao-cao/<int:unit_id>/xac-nhan/", dossier_views.report_confirm, name="awards_dossier_report_confirm"),
    path(D + "van-ban/<slug:kind>/xem-truoc/", dossier_views.document_preview, name="awards_dossier_document_preview"),
    path(D + "van-ban/<slug:kind>.docx", dossier_views.document_docx, name="awards_dossier_document_docx"),
    path(D + "van-ban/<slug:kind>.pdf", dossier_views.document_pdf, name="awards_dossier_document_pdf"),
    path("khen-thuong/ho-so-de-nghi/", dossier_views.inbox_latest, name="awards_inbox_latest"),
    path("khen-thuong/ho-so-de-nghi/<int:organizer_id>/<int:year>/", dossier_views.inbox_page, name="awards_inbox"),
]
