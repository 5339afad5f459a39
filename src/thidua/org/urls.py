from django.urls import path

from . import views

# Paths and names are fixed: other parts of ThiDua link to them.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cum/", views.cluster_list, name="cluster_list"),
    path("cum/them/", views.cluster_create, name="cluster_create"),
    path("cum/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("cum/<int:pk>/sua/", views.cluster_edit, name="cluster_edit"),
    path("cum/<int:pk>/nam/<int:year>/thanh-vien/", views.cluster_year_members, name="cluster_year_members"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/tim/", views.unit_search, name="unit_search"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
]
