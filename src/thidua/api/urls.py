import threading

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, built one request at a time: drf-spectacular loads its
    extensions lazily and not thread-safely (two threads importing an absent optional
    target both fail, the second on the None the first left: a 500 under gunicorn's
    threads, found by schemathesis)."""

    _lock = threading.Lock()

    def _get_schema_response(self, request):
        with self._lock:
            return super()._get_schema_response(request)


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("v1/", include("thidua.api.v1_urls")),
]
