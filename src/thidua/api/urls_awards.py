# The awards part of the v1 routes (shared/design/api-v1.md, "Awards"), wired into
# v1_urls.py by `urlpatterns += awards_urlpatterns`.
from django.urls import path

from .views import awards

urlpatterns = [
    path("award-kinds/", awards.AwardKindList.as_view(), name="api-award-kinds"),
    path("units/<int:pk>/ratings/<int:year>/", awards.UnitRatingView.as_view(), name="api-unit-rating"),
    path("units/<int:pk>/awards/", awards.UnitAwardList.as_view(), name="api-unit-awards"),
    path("units/<int:pk>/eligibility/", awards.UnitEligibility.as_view(), name="api-unit-eligibility"),
    path("clusters/<int:pk>/years/<int:year>/proposals/", awards.YearProposals.as_view(), name="api-year-proposals"),
]
urlpatterns += [
    path("decisions/", awards.DecisionListCreate.as_view(), name="api-decisions"),
    path("decisions/<int:pk>/", awards.DecisionDetail.as_view(), name="api-decision"),
    path("decisions/<int:pk>/revoke/", awards.DecisionRevoke.as_view(), name="api-decision-revoke"),
]

from .views import dossier  # noqa: E402

D = "clusters/<int:pk>/years/<int:year>/dossier/"
urlpatterns += [
    path(D, dossier.DossierView.as_view(), name="api-year-dossier"),
    path(D + "submit/", dossier.DossierSubmit.as_view(), name="api-year-dossier-submit"),
    path(D + "return/", dossier.DossierReturn.as_view(), name="api-year-dossier-return"),
    path(D + "accept/", dossier.DossierAccept.as_view(), name="api-year-dossier-accept"),
    path(D + "reports/<int:unit_id>/", dossier.DossierReport.as_view(), name="api-year-dossier-report"),
    path(D + "reports/<int:unit_id>/confirm/", dossier.DossierReportConfirm.as_view(), name="api-year-dossier-report-confirm"),
]
