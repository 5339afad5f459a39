"""Sign-in for API clients (a token), the user's tokens, sign-out, and who the signed-in
user is. Tokens are django-rest-knox's (thidua.core.api_tokens): hashed at rest, expiring,
one per sign-in."""

from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from thidua.accounts import twofactor
from thidua.core import api_tokens

from ..serializers.auth import ApiTokenSerializer, TokenRequestSerializer, TokenSerializer
from ..serializers.common import BAD_REQUEST, NOT_FOUND, TOO_MANY, UNAUTHORIZED
from ..serializers.org import MeSerializer

REVOKED = OpenApiResponse(description="Revoked: the token no longer authenticates.")


class TokenView(APIView):
    """Exchange a user name and password for a new API token.

    Five failed attempts for one user name from one address lock that pair out for a while
    (429), even with the right password afterwards. A person with two-factor sign-in on
    also sends `otp`, the code of their app (or a recovery code)."""

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
        """Each call makes a new token, valid for API_TOKEN_TTL_DAYS days (30 by default);
        the token is shown only in this answer."""
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # django-axes counts failures and refuses locked-out pairs inside authenticate(); it
        # needs the HttpRequest itself, because AxesMiddleware reads the lockout flag from it
        # and turns the answer into a 429 (thidua.core.views.lockout).
        http_request = request._request
        user = authenticate(http_request, username=form.validated_data["username"], password=form.validated_data["password"])
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]})
        if twofactor.has_2fa(user):
            # The password was right: asking for the code reveals nothing a guesser lacks. A
            # wrong code raises 400 (field otp) or, while throttled, 429 — audited either way.
            code = form.validated_data.get("otp", "")
            if not code.strip():
                raise serializers.ValidationError(
                    {"otp": [_("Tài khoản này bật xác thực hai bước: gửi kèm mã 6 chữ số từ ứng dụng xác thực (trường otp).")]}
                )
            twofactor.second_step_verify(user=user, code=code, channel="api")
        # A token is a sign-in like the web form's: axes clears the failures, Django records
        # last_login.
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        token, secret = api_tokens.api_token_issue(user=user)
        return Response(TokenSerializer({"token": secret, "expiry": token.expiry, "key_prefix": token.token_key}).data)


class TokenList(ListAPIView):
    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return api_tokens.api_tokens_of(self.request.user)

    @extend_schema(operation_id="auth_tokens_list", tags=["auth"], responses={200: ApiTokenSerializer(many=True), 401: UNAUTHORIZED})
    def get(self, request, *args, **kwargs):
        """The signed-in user's API tokens that still work, newest first (never the
        tokens themselves)."""
        return super().get(request, *args, **kwargs)


class TokenDetail(APIView):
    @extend_schema(operation_id="auth_tokens_destroy", tags=["auth"], responses={204: REVOKED, 401: UNAUTHORIZED, 404: NOT_FOUND})
    def delete(self, request, key_prefix: str):
        """Revoke one of the user's own tokens, named by its `key_prefix`."""
        token = api_tokens.api_tokens_of(request.user).filter(token_key=key_prefix).first()
        if token is None:
            raise NotFound(_("Không tìm thấy mã truy cập này."))
        api_tokens.api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignOut(APIView):
    @extend_schema(
        operation_id="auth_logout_create", tags=["auth"], request=None,
        responses={204: REVOKED, 400: BAD_REQUEST, 401: UNAUTHORIZED},
    )
    def post(self, request):
        """Sign out: revoke the token this request was made with. 400 when the request
        was not made with a token (a browser session signs out on the sign-out page)."""
        if not isinstance(request.auth, AuthToken):
            raise serializers.ValidationError({"non_field_errors": [_("Yêu cầu này không dùng mã truy cập nào để thu hồi.")]})
        api_tokens.api_token_revoke(actor=request.user, token=request.auth, reason="sign-out")
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(operation_id="me_retrieve", tags=["auth"], responses={200: MeSerializer, 401: UNAUTHORIZED})
    def get(self, request):
        """The signed-in user: unit, organizer and roles."""
        return Response(MeSerializer(request.user).data)
