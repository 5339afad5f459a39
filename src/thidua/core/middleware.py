from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThiDuaLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose otherwise.

    Pages: the language chosen with the switch in the footer (a cookie), else Vietnamese.
    The browser's Accept-Language is ignored there on purpose: many offices run
    English-language systems whose browsers ask for English, and officials still expect
    the Vietnamese interface. The API follows Accept-Language (the API contract)."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
