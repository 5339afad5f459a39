# The year part of the v1 routes (shared/design/api-v1.md, "The year and scoring"), wired
# into v1_urls.py by `urlpatterns += cycle_urlpatterns`.
from django.urls import path

from .views import cycle

Y = "clusters/<int:pk>/years/<int:year>/"
urlpatterns = [
    path(Y + "settings/", cycle.YearSettingsView.as_view(), name="api-year-settings"),
    path(Y + "registrations/", cycle.RegistrationListCreate.as_view(), name="api-year-registrations"),
    path(Y + "covenant/", cycle.CovenantView.as_view(), name="api-year-covenant"),
    path(Y + "covenant/sign/", cycle.CovenantSign.as_view(), name="api-year-covenant-sign"),
    path(Y + "covenant.docx", cycle.CovenantDocx.as_view(), name="api-year-covenant-docx"),
    path(Y + "covenant.pdf", cycle.CovenantPdf.as_view(), name="api-year-covenant-pdf"),
    path(Y + "launch/", cycle.LaunchView.as_view(), name="api-year-launch"),
    path(Y + "launch/publish/", cycle.LaunchPublish.as_view(), name="api-year-launch-publish"),
    path("me/tasks/", cycle.MyTasks.as_view(), name="api-me-tasks"),
]
