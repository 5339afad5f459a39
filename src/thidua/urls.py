from django.contrib import admin
from django.urls import include, path

from thidua.core.admin_site import restrict_admin_to_superusers

restrict_admin_to_superusers(admin.site)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("thidua.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("thidua.core.urls")),
    path("", include("thidua.org.urls")),
    path("", include("thidua.accounts.urls")),
    path("", include("thidua.notifications.urls")),
    path("", include("thidua.documents.urls")),
    path("", include("thidua.cycle.urls")),
    path("", include("thidua.scoring.urls")),
    path("", include("thidua.voting.urls")),
    path("", include("thidua.reports.urls")),
    path("", include("thidua.awards.urls")),
    path("", include("thidua.channel.urls")),
]
