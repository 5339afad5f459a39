"""Sign-in for API clients (a token) and who the signed-in user is."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ..serializers.auth import TokenRequestSerializer, TokenSerializer
from ..serializers.common import BAD_REQUEST, TOO_MANY, UNAUTHORIZED
from ..serializers.org import MeSerializer


class TokenView(APIView):
    """Exchange a user name and password for the user's API token.

    Five failed attempts for one user name from one address lock that pair out for a while
    (429), even with the right password afterwards."""

    # A stale or wrong token in the header must not stand between a client and a new one.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create", tags=["auth"], request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: BAD_REQUEST, 429: TOO_MANY}, auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # django-axes counts failures and refuses locked-out pairs inside authenticate(); it
        # needs the HttpRequest itself, because AxesMiddleware reads the lockout flag from it
        # and turns the answer into a 429 (thidua.core.views.lockout).
        http_request = request._request
        user = authenticate(http_request, username=form.validated_data["username"], password=form.validated_data["password"])
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]})
        # A token is a sign-in like the web form's: axes clears the failures, Django records
        # last_login.
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    @extend_schema(operation_id="me_retrieve", tags=["auth"], responses={200: MeSerializer, 401: UNAUTHORIZED})
    def get(self, request):
        """The signed-in user: unit, organizer and roles."""
        return Response(MeSerializer(request.user).data)
