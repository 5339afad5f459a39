from django.urls import path

from . import views

Y = "cum/<int:pk>/nam/<int:year>/"
R = Y + "bao-cao-tong-ket/"
urlpatterns = [
    path(R, views.report_page, name="reports_report"),
    path(R + "giao-soan-thao/", views.report_assign, name="reports_assign"),
    path(R + "lap-du-thao/", views.report_start, name="reports_start"),
    path(R + "sua/", views.report_edit, name="reports_edit"),
    path(R + "gui-xin-y-kien/", views.report_circulate, name="reports_circulate"),
    path(R + "gop-y/", views.report_comment, name="reports_comment"),
    path(R + "gop-y/<int:comment_id>/xu-ly/", views.report_answer, name="reports_answer"),
    path(R + "thong-qua/", views.report_adopt, name="reports_adopt"),
    path(R + "so-sanh/", views.report_diff, name="reports_diff"),
    path(R + "lan-<int:number>/<slug:fmt>/", views.version_document, name="reports_version_document"),
    path(R + "cong-van-xin-y-kien/<slug:fmt>/", views.letter_document, name="reports_letter_document"),
    path(Y + "so-ket/", views.mid_year, name="reports_mid_year"),
    path(Y + "so-ket/sua-bang-tieu-chi/", views.mid_year_amend, name="reports_mid_year_amend"),
    path(Y + "so-ket/bao-cao/<slug:fmt>/", views.mid_year_document, name="reports_mid_year_document"),
]
