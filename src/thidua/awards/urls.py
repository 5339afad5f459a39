from django.urls import path

from . import dossier_views, views

Y = "cum/<int:pk>/nam/<int:year>/"
D = Y + "ho-so-de-nghi/"
urlpatterns = [
    path(Y + "xep-loai/", views.year_ratings, name="awards_year_ratings"),
    path(Y + "xep-loai.xlsx", views.year_ratings_xlsx, name="awards_year_ratings_xlsx"),
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
