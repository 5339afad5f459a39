import threading

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


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
    # The split view serves Swagger UI's initialisation as a script of its own (?script):
    # the Content-Security-Policy allows no inline script. (No Redoc page: its bundle writes
    # inline styles and loads its logo from a third party, which the policy refuses.)
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"), name="api-docs"),
    path("v1/", include("thidua.api.v1_urls")),
]
