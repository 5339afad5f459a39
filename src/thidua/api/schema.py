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
