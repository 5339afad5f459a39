from django.urls import path

from . import views, views_import, views_twofactor

app_name = "accounts"
urlpatterns = [
    # two-factor sign-in, bulk import

    path("dang-nhap/xac-thuc/", views_twofactor.twofactor_verify, name="twofactor_verify"),
    path("tai-khoan/bao-mat/", views_twofactor.security, name="security"),
    path("tai-khoan/nhap/", views_import.import_page, name="import"),
    path("tai-khoan/nhap/mau.xlsx", views_import.import_template, name="import_template"),
    path("tai-khoan/", views.account_list, name="list"),
    path("tai-khoan/moi/", views.account_create, name="create"),
    path("tai-khoan/<int:pk>/", views.account_detail, name="detail"),
    path("tai-khoan/<int:pk>/sua/", views.account_edit, name="edit"),
    path("tai-khoan/<int:pk>/khoa/", views.account_deactivate, name="deactivate"),
    path("tai-khoan/<int:pk>/mo-khoa/", views.account_reactivate, name="reactivate"),
    path("tai-khoan/<int:pk>/gui-lai-loi-moi/", views.account_resend_invitation, name="resend_invitation"),
    path("tai-khoan/don-vi/<int:unit_id>/quyen-can-bo/", views.unit_policy, name="unit_policy"),
    path("tai-khoan/kich-hoat/<str:uidb64>/<str:token>/", views.SetPasswordByLinkView.as_view(), name="invitation_accept"),
    path("quen-mat-khau/", views.password_reset_request, name="password_reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password_reset_done"),
    path("quen-mat-khau/<str:uidb64>/<str:token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
