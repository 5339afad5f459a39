"""Who may vote for a unit (voting.md, "Who may vote for a unit"): the unit itself names
its voting delegate — its head directly, or its officer by a nomination that the head
confirms — and the authorisation is recorded with who named and who confirmed it. The
secretariat and the organizer see the delegates but never name or replace another unit's.

The delegates (and, through thidua.org.signals.membership_changing, the member roll) are
frozen while a poll of the year is open: a change then is refused (409). The unit's head
and officers are told of every change to its voting delegate by a notification and, as
each prefers, an e-mail (after the commit), and on their dashboard (tasks.py)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from thidua.core.audit import snapshot
from thidua.core.errors import Conflict, Forbidden
from thidua.cycle import phases
from thidua.notifications.models import Kind
from thidua.notifications.services import notify
from thidua.org.models import ClusterYear, Unit, User

from .models import Conference, Delegate, DelegateNomination, Poll
from .rules import can
from .selectors import member_ids
from .services.common import audit
from .services.conference import conference_locked
from .validation import raise_errors

NOT_YOURS = gettext_lazy(
    "Chỉ chính đơn vị được cử đại biểu của mình: người đứng đầu đơn vị, hoặc cán bộ của đơn vị với sự xác nhận của "
    "người đứng đầu. Bộ phận thường trực của cụm và cơ quan tổ chức chỉ được xem danh sách đại biểu."
)


FROZEN = gettext_lazy("Danh sách đại biểu đã chốt khi biểu quyết đầu tiên được mở.")


def open_poll_titles(cluster_year: ClusterYear) -> list[str]:
    return list(Poll.objects.filter(cluster_year=cluster_year, state=Poll.State.OPEN).order_by("pk").values_list("title", flat=True))


def require_no_open_poll(cluster_year: ClusterYear, message: str) -> None:
    titles = open_poll_titles(cluster_year)
    if titles:
        raise Conflict(
            _("{message} Đang có biểu quyết mở: {titles}. Thay đổi được sau khi biểu quyết kết thúc.").format(
                message=message, titles="; ".join(titles)
            )
        )


def _require_own_unit(actor, cluster_year: ClusterYear, unit: Unit) -> None:
    if not can(actor, "voting.name_delegate", cluster_year) or actor.unit_id != unit.pk:
        raise Forbidden(NOT_YOURS)


def _locked_conference(cluster_year: ClusterYear) -> Conference:
    """The conference row locked: two changes to one conference's delegates go one after the
    other, and after (or before) the opening of a poll, which locks it too."""
    return conference_locked(cluster_year)


def _clean(
    cluster_year: ClusterYear, unit: Unit, *, kind: str, user: User | None, full_name: str, position: str, authorisation: str
) -> dict:
    errors: dict[str, list[str]] = {}
    if unit.pk not in member_ids(cluster_year):
        errors["unit"] = [_("Đơn vị {name} không phải thành viên của cụm năm {year}.").format(name=unit.name, year=cluster_year.year)]
    if kind not in Delegate.Kind.values:
        errors["kind"] = [_("Loại đại biểu không hợp lệ.")]
    full_name = " ".join((full_name or (user.full_name if user else "") or "").split())
    if not full_name:
        errors["full_name"] = [_("Cần họ và tên đại biểu.")]
    elif len(full_name) > 150:
        errors["full_name"] = [_("Tối đa {n} ký tự.").format(n=150)]
    if user is not None:
        if user.unit_id != unit.pk or not user.is_active:
            errors["user"] = [_("Tài khoản này không thuộc đơn vị {name}.").format(name=unit.name)]
        elif kind == Delegate.Kind.VOTING and not (user.is_delegate or user.is_unit_head):
            errors["user"] = [_("Tài khoản này không có vai trò đại biểu hoặc lãnh đạo đơn vị.")]
    elif kind == Delegate.Kind.VOTING:
        # the electronic ballot is cast by exactly this person: an account of the unit
        errors["user"] = [_("Cần chọn tài khoản của người biểu quyết (một tài khoản của đơn vị).")]
    authorisation = " ".join((authorisation or "").split())
    if len(authorisation) > 300:
        errors["authorisation"] = [_("Tối đa {n} ký tự.").format(n=300)]
    if kind == Delegate.Kind.VOTING and not (user is not None and user.is_unit_head) and not authorisation:
        errors["authorisation"] = [_("Người biểu quyết không phải người đứng đầu đơn vị: cần ghi giấy ủy quyền.")]
    raise_errors(errors)
    return {"full_name": full_name, "position": " ".join((position or "").split())[:150], "user": user, "authorisation": authorisation}


def _notify(cluster_year: ClusterYear, unit: Unit, subject: str, lines: list[str]) -> None:
    """Tell the unit's head(s) and officers: a notification in the same transaction, and an
    e-mail (as each prefers) queued once the change is committed."""
    people = [u for u in User.objects.filter(unit=unit, is_active=True).order_by("pk") if u.is_unit_head or u.is_unit_officer]
    notify(
        recipients=people,
        kind=Kind.DELEGATE_CHANGED,
        title=subject,
        body="\n".join(line for line in lines[2:]),  # without the salutation: the e-mail adds its own
        link=reverse("voting_conference", args=[cluster_year.cluster_id, cluster_year.year]),
        cluster_year=cluster_year,
        organizer=cluster_year.cluster.organizer_id,
    )


def _change_lines(cluster_year: ClusterYear, unit: Unit, actor, what: str) -> list[str]:
    return [
        _("Kính gửi lãnh đạo và cán bộ thi đua {unit},").format(unit=unit.name),
        "",
        what,
        _("Thực hiện bởi: {who}, lúc {at}.").format(
            who=actor.full_name or actor.get_username(), at=timezone.localtime().strftime("%H:%M %d/%m/%Y")
        ),
        _("Nếu thay đổi này không do đơn vị thực hiện, hãy báo ngay cho cơ quan tổ chức và bộ phận thường trực của {cluster}.").format(
            cluster=cluster_year.cluster.name
        ),
    ]


@transaction.atomic
def delegate_set(
    *,
    actor,
    cluster_year: ClusterYear,
    unit: Unit,
    full_name: str,
    position: str = "",
    kind: str = Delegate.Kind.VOTING,
    user: User | None = None,
    authorisation: str = "",
) -> Delegate | DelegateNomination:
    """The unit names its voting delegate or adds an observer. Its head names directly
    (the voting delegate is replaced, any pending nomination dropped); its officer's
    voting delegate is a nomination that votes for nothing until the head confirms it
    (delegate_confirm). Observers: the unit's officer or head. Never another unit's."""
    _require_own_unit(actor, cluster_year, unit)
    phases.require_phase(cluster_year, "edit_conference")
    conference = _locked_conference(cluster_year)
    require_no_open_poll(cluster_year, FROZEN)
    fields = _clean(cluster_year, unit, kind=kind, user=user, full_name=full_name, position=position, authorisation=authorisation)
    if kind == Delegate.Kind.OBSERVER:
        delegate = Delegate.objects.create(conference=conference, unit=unit, kind=kind, named_by=actor, **fields)
        audit(actor, "conference.delegate", delegate, cluster_year, after=snapshot(delegate))
        return delegate
    if not actor.is_unit_head:
        nomination, _created = DelegateNomination.objects.update_or_create(
            conference=conference, unit=unit, defaults={**fields, "proposed_by": actor}
        )
        audit(actor, "conference.delegate_nominate", nomination, cluster_year, after=snapshot(nomination, exclude=("proposed_at",)))
        with override("vi"):  # the unit's e-mail, whatever the language of whoever made the change
            _notify(
                cluster_year,
                unit,
                _("Đề nghị người biểu quyết của {unit} chờ xác nhận").format(unit=unit.name),
                _change_lines(
                    cluster_year,
                    unit,
                    actor,
                    _(
                        "Cán bộ của đơn vị đề nghị {name} biểu quyết thay mặt đơn vị tại hội nghị tổng kết năm {year} ({authorisation}). "
                        "Đề nghị chỉ có hiệu lực khi người đứng đầu đơn vị xác nhận."
                    ).format(name=nomination.full_name, year=cluster_year.year, authorisation=nomination.authorisation or "—"),
                ),
            )
        return nomination
    return _name_voting_delegate(actor, cluster_year, conference, unit, fields, named_by=actor)


def _name_voting_delegate(actor, cluster_year: ClusterYear, conference: Conference, unit: Unit, fields: dict, *, named_by) -> Delegate:
    previous = Delegate.objects.filter(conference=conference, unit=unit, kind=Delegate.Kind.VOTING).first()
    before = snapshot(previous, exclude=("confirmed_at",)) if previous else None
    delegate, _created = Delegate.objects.update_or_create(
        conference=conference,
        unit=unit,
        kind=Delegate.Kind.VOTING,
        defaults={**fields, "named_by": named_by, "confirmed_by": actor, "confirmed_at": timezone.now()},
    )
    DelegateNomination.objects.filter(conference=conference, unit=unit).delete()
    audit(actor, "conference.delegate", delegate, cluster_year, before=before, after=snapshot(delegate))
    with override("vi"):  # the unit's e-mail, whatever the language of whoever made the change
        _tell_named(actor, cluster_year, unit, delegate, previous)
    return delegate


def _tell_named(actor, cluster_year: ClusterYear, unit: Unit, delegate: Delegate, previous: Delegate | None) -> None:
    what = _("Người biểu quyết thay mặt đơn vị tại hội nghị tổng kết năm {year} của {cluster}: {name} ({authorisation}).").format(
        year=cluster_year.year, cluster=cluster_year.cluster.name, name=delegate.full_name, authorisation=delegate.authorisation or "—"
    )
    if previous is not None and previous.user_id != delegate.user_id:
        what += " " + _("Thay cho: {name}.").format(name=previous.full_name)
    _notify(
        cluster_year,
        unit,
        _("Người biểu quyết của {unit} đã được cử").format(unit=unit.name),
        _change_lines(cluster_year, unit, actor, what),
    )


@transaction.atomic
def delegate_confirm(*, actor, cluster_year: ClusterYear, unit: Unit) -> Delegate:
    """The head confirms its officer's pending nomination: it becomes the unit's voting
    delegate (named by the officer, confirmed by the head, now)."""
    _require_own_unit(actor, cluster_year, unit)
    if not can(actor, "voting.confirm_delegate", cluster_year):
        raise Forbidden(_("Chỉ người đứng đầu đơn vị được xác nhận người biểu quyết."))
    phases.require_phase(cluster_year, "edit_conference")
    conference = _locked_conference(cluster_year)
    require_no_open_poll(cluster_year, FROZEN)
    nomination = DelegateNomination.objects.select_related("user").filter(conference=conference, unit=unit).first()
    if nomination is None:
        raise Conflict(_("Không có đề nghị người biểu quyết nào chờ xác nhận."))
    fields = _clean(
        cluster_year,
        unit,
        kind=Delegate.Kind.VOTING,
        user=nomination.user,
        full_name=nomination.full_name,
        position=nomination.position,
        authorisation=nomination.authorisation,
    )
    return _name_voting_delegate(actor, cluster_year, conference, unit, fields, named_by=nomination.proposed_by)


def pending_nomination(cluster_year: ClusterYear, unit_id: int) -> DelegateNomination | None:
    return (
        DelegateNomination.objects.select_related("user", "proposed_by")
        .filter(conference__cluster_year=cluster_year, unit_id=unit_id)
        .first()
    )
