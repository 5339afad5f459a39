# The scoring routes of API v1 (api-v1.md, "The year and scoring"); included by v1_urls.
from django.urls import path

from .views import scoring

YEAR = "clusters/<int:pk>/years/<int:year>/"

urlpatterns = [
    path(YEAR + "criteria/", scoring.CriteriaView.as_view(), name="api-criteria"),
    path(YEAR + "scoresheets/<int:unit_id>/self/", scoring.SelfSheetView.as_view(), name="api-scoresheet-self"),
    path(YEAR + "scoresheets/<int:unit_id>/self/submit/", scoring.SelfSheetSubmit.as_view(), name="api-scoresheet-self-submit"),
    path(YEAR + "scoresheets/<int:unit_id>/by/<int:scorer_unit_id>/", scoring.CrossSheetView.as_view(), name="api-scoresheet-by"),
    path(
        YEAR + "scoresheets/<int:unit_id>/by/<int:scorer_unit_id>/submit/", scoring.CrossSheetSubmit.as_view(),
        name="api-scoresheet-by-submit",
    ),
    path(YEAR + "ranking/", scoring.RankingView.as_view(), name="api-ranking"),
]
