from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout(request, credentials=None, *args, **kwargs):
    """What a locked-out sign-in gets (django-axes): 429 and a plain explanation."""
    message = _("Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa trên máy này trong 15 phút; vui lòng thử lại sau.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "core/lockout.html", {"message": message}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_initial(self):
        # ?ten=<user name>: the page that just set a person's password fills it in for them.
        initial = super().get_initial()
        username = self.request.GET.get("ten", "").strip()[:150]
        if username:
            initial["username"] = username
        return initial


# The password page is thidua.org.views.PasswordChangeView: a change goes through the
# org service that audits it and revokes the user's API tokens.
