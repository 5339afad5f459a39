from django.urls import path

from . import views_import, views_twofactor

app_name = "accounts"
urlpatterns: list = [
    # --- two-factor sign-in and bulk import (branch i9-twofactor) ---
    path("dang-nhap/xac-thuc/", views_twofactor.twofactor_verify, name="twofactor_verify"),
    path("tai-khoan/bao-mat/", views_twofactor.security, name="security"),
    path("tai-khoan/nhap/", views_import.import_page, name="import"),
    path("tai-khoan/nhap/mau.xlsx", views_import.import_template, name="import_template"),
    # --- end of two-factor sign-in and bulk import ---
]
