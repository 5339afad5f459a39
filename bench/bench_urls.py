"""The URLconf bench/run.py runs with (ROOT_URLCONF override): the product's URLs plus
one bench-only view, the baseline every page is compared with. It is no product route:
thidua.urls does not include it, so it exists only inside a bench run."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def whoami(request):
    """The floor of an authenticated page: the middleware stack, the session and the
    signed-in user loaded from the database, and an answer; no template, no DRF."""
    return HttpResponse(request.user.username, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("__bench__/whoami/", whoami, name="bench_whoami"),
    path("", include("thidua.urls")),
]
