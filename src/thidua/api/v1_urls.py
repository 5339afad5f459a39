# The v1 routes (shared/design/api-v1.md); see thidua/api/views/ (one module per domain app).
from django.urls import include, path, re_path

from .views import auth, org

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/tokens/", auth.TokenList.as_view(), name="api-tokens"),
    # A token's name is hexadecimal: anything else is not a route (404), never a query.
    re_path(r"^auth/tokens/(?P<key_prefix>[0-9a-f]{1,15})/$", auth.TokenDetail.as_view(), name="api-token-detail"),
    path("auth/logout/", auth.SignOut.as_view(), name="api-logout"),
    path("me/", auth.MeView.as_view(), name="api-me"),
    path("provinces/", org.ProvinceList.as_view(), name="api-provinces"),
    path("organizers/", org.OrganizerList.as_view(), name="api-organizers"),
    path("units/", org.UnitListCreate.as_view(), name="api-units"),
    path("units/<int:pk>/", org.UnitDetail.as_view(), name="api-unit"),
    path("users/", org.UserListCreate.as_view(), name="api-users"),
    path("clusters/", org.ClusterListCreate.as_view(), name="api-clusters"),
    path("clusters/<int:pk>/", org.ClusterDetail.as_view(), name="api-cluster"),
    path("clusters/<int:pk>/years/<int:year>/", org.ClusterYearDetail.as_view(), name="api-cluster-year"),
    path("clusters/<int:pk>/years/<int:year>/phase/", org.ClusterYearPhase.as_view(), name="api-cluster-year-phase"),
    path("", include("thidua.api.urls_scoring")),  # the year's scoring: criteria, score sheets, ranking
]

from .urls_cycle import urlpatterns as cycle_urlpatterns  # noqa: E402  the year: settings, registrations, covenant, launch

urlpatterns += cycle_urlpatterns

from .urls_voting import urlpatterns as voting_urlpatterns  # noqa: E402  the conference and the vote

urlpatterns += voting_urlpatterns

from .urls_awards import urlpatterns as awards_urlpatterns  # noqa: E402  the award catalogue, ratings, registry, eligibility

urlpatterns += awards_urlpatterns

from .urls_reports import urlpatterns as reports_urlpatterns  # noqa: E402  the summary report and its comments

urlpatterns += reports_urlpatterns

from .urls_channel import urlpatterns as channel_urlpatterns  # noqa: E402  the information channel: posts

urlpatterns += channel_urlpatterns
