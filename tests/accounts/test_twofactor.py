"""Two-factor sign-in (TOTP): required roles reach nothing before enrolling, the second step
refuses wrong codes (throttled, audited) and accepts the app's code or a recovery code once,
optional roles switch it on and off, the API's token sign-in asks for the code, and the
admin refuses a superuser whose session has not passed the second step."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from thidua.accounts import twofactor
from thidua.core.models import AuditEvent

SECURITY = "/tai-khoan/bao-mat/"
VERIFY = "/dang-nhap/xac-thuc/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.THIDUA_REQUIRE_2FA = True


def code_of(device: TOTPDevice, step: int = 0) -> str:
    """The app's code now (step 0) or `step` periods on (a code already used is refused)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + step):06d}"


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    twofactor._new_recovery_codes(user)
    return device


def password_signed_in(user) -> Client:
    client = Client()
    response = client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- required roles -----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["organizer", "admin"])
def test_required_roles_reach_no_page_before_enrolling(world, who):
    user = world.users()[who]
    client = password_signed_in(user)
    for url in ("/", "/cum/", "/don-vi/", "/nhat-ky/", "/tai-khoan/nhap/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SECURITY), (url, response["Location"])
    assert client.get("/api/v1/me/").status_code == 403  # the API through the same session
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code, drawn here
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1  # not active yet


def test_optional_roles_are_not_asked_to_enrol(world):
    client = password_signed_in(world.member_officer)
    assert client.get("/").status_code == 200


def test_enrolment_with_a_wrong_code_changes_nothing_then_the_right_code_enables(world):
    user = world.organizer_officer
    client = password_signed_in(user)
    client.get(SECURITY)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    response = client.post(SECURITY, {"action": "confirm", "otp": wrong})
    assert response.status_code == 400
    assert "không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.filter(user=user).exists()
    assert events("twofactor.enable") == []
    assert client.get("/").status_code == 302

    device.throttle_reset()  # the wrong code made the device wait a second
    response = client.post(SECURITY, {"action": "confirm", "otp": code_of(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = [t.token for t in StaticToken.objects.filter(device__user=user)]
    assert len(codes) == 10
    page = response.content.decode()
    assert all(c in page for c in codes)  # shown once, on this answer
    (event,) = events("twofactor.enable")
    assert event.actor_id == user.pk
    logged = str(event.after)
    assert device.key not in logged and twofactor.secret_text(device).replace(" ", "") not in logged
    assert not any(c in logged for c in codes)
    assert client.get("/").status_code == 200  # this session proved the code: in
    assert all(c not in client.get(SECURITY).content.decode() for c in codes)  # never shown again


# --- the second step ----------------------------------------------------------------------------
def test_second_step_refuses_a_wrong_code_and_lets_the_right_one_in(world):
    user = world.organizer_officer
    device = enrolled(user)
    client = password_signed_in(user)
    response = client.get("/cum/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"otp": wrong, "next": "/cum/"})
    assert response.status_code == 400
    assert "Mã xác thực không đúng" in response.content.decode()
    assert client.get("/cum/").status_code == 302  # still outside
    (failed,) = events("twofactor.verify_failed")
    assert failed.after["reason"] == "wrong_code" and wrong not in str(failed.after)
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(VERIFY, {"otp": code_of(device), "next": "/cum/"})
    assert response.status_code == 302 and response["Location"] == "/cum/"
    assert client.get("/cum/").status_code == 200


def test_the_same_app_code_is_not_accepted_twice(world):
    user = world.member_head
    device = enrolled(user)
    first = password_signed_in(user)
    code = code_of(device)
    assert first.post(VERIFY, {"otp": code}).status_code == 302
    second = password_signed_in(user)
    assert second.post(VERIFY, {"otp": code}).status_code == 400


def test_a_recovery_code_works_once(world):
    user = world.organizer_officer
    enrolled(user)
    code = StaticToken.objects.filter(device__user=user).first().token
    client = password_signed_in(user)
    response = client.post(VERIFY, {"otp": code.upper()[:4] + "-" + code.upper()[4:]})  # as people type it
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert len(events("twofactor.recovery_code_used")) == 1
    again = password_signed_in(user)
    assert again.post(VERIFY, {"otp": code}).status_code == 400
    assert again.get("/").status_code == 302


def test_wrong_codes_are_throttled_even_for_the_right_code_after(world):
    user = world.organizer_officer
    device = enrolled(user)
    client = password_signed_in(user)
    for _ in range(5):
        client.post(VERIFY, {"otp": "000000" if code_of(device) != "000000" else "111111"})
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    # The device now waits (1, 2, 4, 8… s); the right code is refused meanwhile.
    response = client.post(VERIFY, {"otp": code_of(device)})
    assert response.status_code == 429
    assert "chờ" in response.content.decode()
    assert client.get("/").status_code == 302
    assert len(events("twofactor.verify_failed")) == 6
    assert events("twofactor.verify_failed")[-1].after["reason"] == "throttled"


def test_sign_out_is_reachable_before_the_second_step(world):
    enrolled(world.organizer_officer)
    client = password_signed_in(world.organizer_officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302 and "/dang-nhap/" in client.get("/")["Location"]


# --- optional roles -----------------------------------------------------------------------------
def test_optional_role_may_enable_and_disable_with_its_password(world):
    user = world.member_officer
    client = password_signed_in(user)
    client.get(SECURITY)
    device = TOTPDevice.objects.get(user=user)
    assert client.post(SECURITY, {"action": "confirm", "otp": code_of(device)}).status_code == 200
    assert twofactor.has_2fa(user)
    response = client.post(SECURITY, {"action": "disable", "password": "not-my-password"})
    assert response.status_code == 400
    assert twofactor.has_2fa(user) and events("twofactor.disable") == []
    response = client.post(SECURITY, {"action": "disable", "password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    assert len(events("twofactor.disable")) == 1
    fresh = password_signed_in(user)
    assert fresh.get("/").status_code == 200  # no second step any more


def test_required_role_cannot_disable(world):
    user = world.organizer_officer
    device = enrolled(user)
    client = password_signed_in(user)
    client.post(VERIFY, {"otp": code_of(device)})
    response = client.post(SECURITY, {"action": "disable", "password": PASSWORD})
    assert response.status_code == 403
    assert twofactor.has_2fa(user) and events("twofactor.disable") == []


def test_regenerated_recovery_codes_replace_the_old_ones(world):
    user = world.member_head
    device = enrolled(user)
    old = StaticToken.objects.filter(device__user=user).first().token
    client = password_signed_in(user)
    client.post(VERIFY, {"otp": code_of(device)})
    response = client.post(SECURITY, {"action": "regenerate"})
    assert response.status_code == 200
    new = [t.token for t in StaticToken.objects.filter(device__user=user)]
    assert len(new) == 10 and old not in new
    assert all(c in response.content.decode() for c in new)
    assert len(events("twofactor.recovery_codes_regenerate")) == 1
    assert password_signed_in(user).post(VERIFY, {"otp": old}).status_code == 400


# --- API ----------------------------------------------------------------------------------------
def test_api_token_sign_in_asks_for_the_code(world):
    user = world.organizer_officer
    device = enrolled(user)
    api = APIClient()
    body = {"username": user.username, "password": PASSWORD}
    missing = api.post("/api/v1/auth/token/", body, format="json")
    assert missing.status_code == 400 and "otp" in missing.json() and "token" not in missing.json()
    wrong = api.post("/api/v1/auth/token/", {**body, "otp": "12345x"}, format="json")
    assert wrong.status_code == 400 and "otp" in wrong.json()
    device.refresh_from_db()
    device.throttle_reset()
    right = api.post("/api/v1/auth/token/", {**body, "otp": code_of(device)}, format="json")
    assert right.status_code == 200 and right.json()["token"]
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert me.get("/api/v1/me/").status_code == 200


def test_api_token_sign_in_without_two_factor_is_unchanged(world):
    answer = APIClient().post("/api/v1/auth/token/", {"username": world.member_officer.username, "password": PASSWORD}, format="json")
    assert answer.status_code == 200 and answer.json()["token"]


def test_api_wrong_password_is_refused_before_any_code_is_asked(world):
    enrolled(world.organizer_officer)
    answer = APIClient().post("/api/v1/auth/token/", {"username": "org_a", "password": "wrong-password-1"}, format="json")
    assert answer.status_code == 400 and "otp" not in answer.json()


# --- the admin ----------------------------------------------------------------------------------
def test_admin_refuses_a_superuser_without_the_second_factor(world):
    client = password_signed_in(world.admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SECURITY)
    device = enrolled(world.admin)
    client = password_signed_in(world.admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"otp": code_of(device)})
    assert client.get("/admin/").status_code == 200


def test_admin_site_itself_requires_a_verified_session(world):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_the_continue_link_after_enrolment_never_leaves_the_site(world):
    user = world.organizer_officer
    client = password_signed_in(user)
    client.get(SECURITY)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        SECURITY + "?next=javascript:alert(1)", {"action": "confirm", "otp": code_of(device), "next": "https://evil.example/"}
    )
    page = response.content.decode()
    codes_card = page.split("td-recovery-codes")[1].split("</section>")[0]
    assert 'href="/"' in codes_card and "javascript:" not in codes_card and "evil.example" not in codes_card


def test_a_new_phone_replaces_the_old_app_once_confirmed(world):
    user = world.organizer_officer
    old = enrolled(user)
    client = password_signed_in(user)
    client.post(VERIFY, {"otp": code_of(old)})
    page = client.get(SECURITY + "?thay=1")
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(SECURITY, {"action": "confirm", "thay": "1", "otp": "12345"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()  # the old app still works
    assert client.post(SECURITY, {"action": "confirm", "thay": "1", "otp": code_of(new)}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert len(events("twofactor.replace_device")) == 1 and events("twofactor.enable") == []


def test_an_unverified_session_cannot_replace_the_app(world):
    user = world.member_head
    enrolled(user)
    client = password_signed_in(user)
    response = client.get(SECURITY + "?thay=1")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()
