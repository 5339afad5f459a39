from django.urls import path

from . import views

urlpatterns = [
    path("van-ban/kiem-tra-chu-ky/", views.signature_checks, name="signature_checks"),
    path("van-ban/kiem-tra-chu-ky/<int:pk>/", views.signature_check, name="signature_check"),
    path("van-ban/kiem-tra-chu-ky/<int:pk>/tep.pdf", views.signature_check_file, name="signature_check_file"),
]
