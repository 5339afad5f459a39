from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
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
