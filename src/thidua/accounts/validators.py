"""Django's minimum-length password validator with its message in Vietnamese: Django's own
Vietnamese catalogue lacks the wording of its current version, so people read it in English."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("Mật khẩu quá ngắn: cần ít nhất {n} ký tự.").format(n=self.min_length)

    def get_help_text(self):
        return _("Mật khẩu cần ít nhất {n} ký tự.").format(n=self.min_length)
