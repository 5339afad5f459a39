"""What OPTIONS answers on the API.

DRF's default metadata also describes the forms of the view's POST/PUT, which builds the
view's serializer and, for a generic view, calls get_object() — views that take their
objects from selectors have no queryset, and that was a 500. The schema at /api/schema/
is the description of every operation; OPTIONS only names the endpoint."""

from rest_framework.metadata import BaseMetadata


class Metadata(BaseMetadata):
    def determine_metadata(self, request, view) -> dict:
        return {
            "name": view.get_view_name(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
