# The summary report part of the v1 routes (shared/design/api-v1.md, "The information
# channel"), wired into v1_urls.py by `urlpatterns += reports_urlpatterns`.
from django.urls import path

from .views import reports

urlpatterns = [
    path("clusters/<int:pk>/years/<int:year>/report/", reports.YearReportView.as_view(), name="api-year-report"),
    path("clusters/<int:pk>/years/<int:year>/report/comments/", reports.YearReportComments.as_view(), name="api-year-report-comments"),
]
