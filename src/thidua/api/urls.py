from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's initialisation as a script of its own (?script):
    # the Content-Security-Policy allows no inline script. (No Redoc page: its bundle writes
    # inline styles and loads its logo from a third party, which the policy refuses.)
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"), name="api-docs"),
    path("v1/", include("thidua.api.v1_urls")),
]
