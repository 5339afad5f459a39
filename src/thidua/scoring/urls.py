from django.urls import path

from . import views

# Paths and names are fixed: other parts of ThiDua link to them.
Y = "cum/<int:pk>/nam/<int:year>/"
urlpatterns = [
    path(Y + "tieu-chi/", views.criteria, name="scoring_criteria"),
    path(Y + "tieu-chi/bang-tieu-chi.xlsx", views.criteria_export, name="scoring_criteria_export"),
    path(Y + "tu-cham/", views.self_home, name="scoring_self_home"),
    path(Y + "tu-cham/<int:unit_id>/", views.self_sheet, name="scoring_self"),
    path(Y + "tu-cham/<int:unit_id>/nop/", views.self_submit, name="scoring_self_submit"),
    path(Y + "tu-cham/<int:unit_id>/minh-chung/", views.evidence_upload, name="scoring_evidence_upload"),
    path(Y + "tinh-diem/", views.preview, name="scoring_preview"),
    path(Y + "minh-chung/<int:evidence_id>/", views.evidence_download, name="scoring_evidence"),
    path(Y + "minh-chung/<int:evidence_id>/xoa/", views.evidence_delete, name="scoring_evidence_delete"),
    path(Y + "phieu/<int:sheet_id>/mo-lai/", views.sheet_reopen, name="scoring_reopen"),
    path(Y + "cham-cheo/", views.cross_home, name="scoring_cross_home"),
    path(Y + "cham-cheo/phan-cong/", views.assignments, name="scoring_assignments"),
    path(Y + "cham-cheo/<int:unit_id>/", views.cross_sheet, name="scoring_cross"),
    path(Y + "cham-cheo/<int:unit_id>/nop/", views.cross_submit, name="scoring_cross_submit"),
    path(Y + "cham-cheo/<int:unit_id>/giai-trinh/", views.query_ask, name="scoring_query_ask"),
    path(Y + "cham-cheo/<int:unit_id>/boi/<int:scorer_id>/", views.cross_sheet, name="scoring_cross_by"),
    path(Y + "giai-trinh/<int:query_id>/", views.query_reply, name="scoring_query_reply"),
    path(Y + "giai-trinh/tep/<int:file_id>/", views.reply_file_download, name="scoring_query_file"),
    path(Y + "xep-hang/", views.ranking, name="scoring_ranking"),
    path(Y + "xep-hang/ket-qua-xep-hang.xlsx", views.ranking_export, name="scoring_ranking_export"),
    # the ranking annex (scoring.documents_annex)
    path(Y + "xep-hang/phu-luc/xem-truoc/", views.ranking_annex_preview, name="scoring_ranking_annex_preview"),
    path(Y + "xep-hang/phu-luc.docx", views.ranking_annex_docx, name="scoring_ranking_annex_docx"),
    path(Y + "xep-hang/phu-luc.pdf", views.ranking_annex_pdf, name="scoring_ranking_annex_pdf"),
    path("don-vi/<int:pk>/ket-qua-thi-dua/", views.unit_totals, name="scoring_unit_totals"),
]
