from django.urls import path

from . import views

# Paths and names are fixed: other parts of ThiDua link to them.
C = "cum/<int:pk>/nam/<int:year>/hoi-nghi/"
P = "bieu-quyet/<int:poll_id>/"
urlpatterns = [
    path(C, views.conference, name="voting_conference"),
    path(C + "van-ban/", views.conference_documents, name="voting_conference_documents"),
    path(C + "diem-danh/", views.conference_checkin, name="voting_checkin"),
    path(C + "diem-danh/trang-thai/", views.conference_quorum, name="voting_quorum"),
    path(C + "ma-diem-danh/", views.conference_new_code, name="voting_new_code"),
    path(C + "dai-bieu/", views.conference_delegate, name="voting_delegate"),
    path(C + "dai-bieu/xac-nhan/", views.conference_delegate_confirm, name="voting_delegate_confirm"),
    path(C + "giay-moi.docx", views.invitation_docx, name="voting_invitation_docx"),
    path(C + "bien-ban.docx", views.minutes_docx, name="voting_minutes_docx"),
    path(C + "cap-so/", views.conference_number, name="voting_conference_number"),
    path(C + "giay-moi.pdf", views.invitation_pdf, name="voting_invitation_pdf"),
    path(C + "giay-moi/xem-truoc/", views.invitation_preview, name="voting_invitation_preview"),
    path(C + "bien-ban.pdf", views.minutes_pdf, name="voting_minutes_pdf"),
    path(C + "bien-ban/xem-truoc/", views.minutes_preview, name="voting_minutes_preview"),
    path(C + "ky-so/<slug:kind>/", views.conference_digital_sign, name="voting_conference_digital_sign"),
    path(C + "van-ban-ky-so/<int:signed_id>.pdf", views.conference_signed_pdf, name="voting_signed_pdf"),
    path(C + "bieu-quyet/", views.polls, name="voting_polls"),
    path(P, views.poll_detail, name="voting_poll"),
    path(P + "sua/", views.poll_edit, name="voting_poll_edit"),
    path(P + "xoa/", views.poll_delete, name="voting_poll_delete"),
    path(P + "mo/", views.poll_open, name="voting_poll_open"),
    path(P + "ket-thuc/", views.poll_close, name="voting_poll_close"),
    path(P + "vong-sau/", views.poll_runoff, name="voting_poll_runoff"),
    path(P + "phieu-giay/", views.poll_paper, name="voting_poll_paper"),
    path(P + "bo-phieu/", views.ballot, name="voting_ballot"),
    path(P + "man-hinh/", views.room_screen, name="voting_screen"),
    path(P + "man-hinh/trang-thai/", views.room_screen_status, name="voting_screen_status"),
    path(P + "tra-cuu/", views.receipt_lookup, name="voting_receipt"),
    path(P + "phieu.json", views.ballots_json, name="voting_ballots_json"),
    path(P + "bien-ban-kiem-phieu.docx", views.counting_minutes_docx, name="voting_counting_docx"),
    path(P + "bien-ban-kiem-phieu.pdf", views.counting_minutes_pdf, name="voting_counting_pdf"),
    path(P + "bien-ban-kiem-phieu/xem-truoc/", views.counting_minutes_preview, name="voting_counting_preview"),
    path(P + "bien-ban-kiem-phieu/cap-so/", views.counting_minutes_number, name="voting_counting_number"),
    path(P + "bien-ban-kiem-phieu/ky-so/", views.counting_minutes_sign, name="voting_counting_sign"),
    # the conference's further documents (voting.documents_more.DOCUMENTS): giay-uy-quyen, to-trinh, …
    path(C + "van-ban/<slug:kind>/xem-truoc/", views.conference_document_preview, name="voting_document_preview"),
    path(C + "van-ban/<slug:kind>.docx", views.conference_document_docx, name="voting_document_docx"),
    path(C + "van-ban/<slug:kind>.pdf", views.conference_document_pdf, name="voting_document_pdf"),
    path(C + "van-ban/<slug:kind>/cap-so/", views.conference_document_number, name="voting_document_number"),
    path(C + "van-ban/<slug:kind>/ky-so/", views.conference_document_sign, name="voting_document_sign"),
]
