"""OpenAPI extensions (drf-spectacular): how the schema describes the API's token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "thidua.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API token from POST /api/v1/auth/token/, sent as "Token <token>". '
            "Tokens expire (API_TOKEN_TTL_DAYS) and are revoked by sign-out and by a password change.",
        }


BAD_REQUEST = {
    "description": 'Invalid input: {"<field>": ["message", ...]}; messages that belong to no field are under '
    '"non_field_errors". Any request may get it, e.g. for a NUL character in the query string.',
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {}}}},
}
TOO_LARGE = {
    "description": "The body is larger than the server accepts.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}},
}


def document_common_errors(result, generator, request, public):
    """A postprocessing hook: the answers every operation may give whatever its view says
    (thidua.api.middleware and thidua.api.parsers) — 400 for a malformed query string, 413
    for a body too large — so that the schema lists every status the API answers."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", BAD_REQUEST)
            if "requestBody" in operation:
                responses.setdefault("413", TOO_LARGE)
    return result
