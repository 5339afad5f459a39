from django.urls import path

from . import views, views_covenant_plan, views_documents, views_issuer

# Paths and names are fixed: other parts of ThiDua link to them.
Y = "cum/<int:pk>/nam/<int:year>/"
urlpatterns = [
    path(Y, views.cluster_year_detail, name="cluster_year_detail"),
    path(Y + "giai-doan/", views.cycle_phase, name="cycle_phase"),
    path(Y + "phat-dong/", views.cycle_launch, name="cycle_launch"),
    path(Y + "phat-dong/cong-bo/", views.cycle_launch_publish, name="cycle_launch_publish"),
    path(Y + "dang-ky/", views.cycle_registrations, name="cycle_registrations"),
    path(Y + "giao-uoc/", views_covenant_plan.cycle_covenant, name="cycle_covenant"),
    path(Y + "giao-uoc/ky/", views_covenant_plan.cycle_covenant_sign, name="cycle_covenant_sign"),
    path(Y + "giao-uoc/cap-so/", views_covenant_plan.cycle_covenant_number, name="cycle_covenant_number"),
    path(Y + "giao-uoc.docx", views_covenant_plan.cycle_covenant_docx, name="cycle_covenant_docx"),
    path(Y + "giao-uoc/xem-truoc/", views_covenant_plan.cycle_covenant_preview, name="cycle_covenant_preview"),
    path(Y + "quy-dinh/", views.cycle_settings, name="cycle_settings"),
    path(Y + "co-quan-ban-hanh/", views_issuer.cycle_document_issuers, name="cycle_document_issuers"),
    path(Y + "ke-hoach/", views_covenant_plan.cycle_plan, name="cycle_plan"),
    path(Y + "ke-hoach.docx", views_covenant_plan.cycle_plan_docx, name="cycle_plan_docx"),
    path(Y + "ke-hoach/xem-truoc/", views_covenant_plan.cycle_plan_preview, name="cycle_plan_preview"),
    path(Y + "giao-uoc.pdf", views_covenant_plan.cycle_covenant_pdf, name="cycle_covenant_pdf"),
    path(Y + "ke-hoach.pdf", views_covenant_plan.cycle_plan_pdf, name="cycle_plan_pdf"),
    path(Y + "giao-uoc/ky-so/", views_covenant_plan.cycle_covenant_digital_sign, name="cycle_covenant_digital_sign"),
    path(Y + "ke-hoach/ky-so/", views_covenant_plan.cycle_plan_digital_sign, name="cycle_plan_digital_sign"),
    path(Y + "van-ban-ky-so/<int:signed_id>.pdf", views_covenant_plan.cycle_signed_pdf, name="cycle_signed_pdf"),
    # the year's further documents (cycle.documents_more.DOCUMENTS): quy-che, chuong-trinh, …
    path(Y + "van-ban/<slug:kind>/xem-truoc/", views_documents.year_document_preview, name="cycle_document_preview"),
    path(Y + "van-ban/<slug:kind>.docx", views_documents.year_document_docx, name="cycle_document_docx"),
    path(Y + "van-ban/<slug:kind>.pdf", views_documents.year_document_pdf, name="cycle_document_pdf"),
    path(Y + "van-ban/<slug:kind>/cap-so/", views_documents.year_document_number, name="cycle_document_number"),
    path(Y + "van-ban/<slug:kind>/ky-so/", views_documents.year_document_sign, name="cycle_document_sign"),
]
