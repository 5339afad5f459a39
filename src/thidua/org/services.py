"""Every write of the organisation app. Each function checks the actor's permission and
the invariants, writes in one transaction, records an audit event, and raises a domain
error with a message for people when something is not allowed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core.api_tokens import api_tokens_revoke_all
from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import Conflict, Forbidden, InvalidInput

from .models import Cluster, ClusterYear, Membership, Organizer, Province, Role, Unit, UnitLineage, User
from .rules import is_admin, is_organizer_officer
from .selectors import unit_in_organizer_scope
from .signals import membership_changed, membership_changing, year_created
from .text import fold

UNIT_FIELDS = ("name", "symbol", "kind", "province", "parent_authority", "head_title", "valid_from", "valid_to")


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise Forbidden(_("Bạn không có quyền thực hiện thao tác này."))


# --- organizers -------------------------------------------------------------------------
@transaction.atomic
def organizer_create(*, actor, name: str, symbol: str, kind: str = Organizer.Kind.MINISTRY, office_name: str = "") -> Organizer:
    if not is_admin(actor):
        raise Forbidden(_("Chỉ quản trị hệ thống được tạo cơ quan tổ chức."))
    if Organizer.objects.filter(name=name).exists() or Organizer.objects.filter(symbol=symbol).exists():
        raise InvalidInput(_("Đã có cơ quan tổ chức với tên hoặc ký hiệu này."), field="name")
    organizer = Organizer.objects.create(name=name, symbol=symbol, kind=kind, office_name=office_name)
    audit_record(actor=actor, action="organizer.create", obj=organizer, after=snapshot(organizer), organizer_id=organizer.pk)
    return organizer


# --- units ------------------------------------------------------------------------------
def _validate_unit(data: dict, *, instance: Unit | None = None) -> None:
    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors.setdefault("name", []).append(_("Tên đơn vị không được để trống."))
    if not (data.get("symbol") or "").strip():
        errors.setdefault("symbol", []).append(_("Ký hiệu viết tắt không được để trống."))
    if data.get("kind") not in Unit.Kind.values:
        errors.setdefault("kind", []).append(_("Loại đơn vị không hợp lệ."))
    start, end = data.get("valid_from"), data.get("valid_to")
    if start and end and end < start:
        errors.setdefault("valid_to", []).append(_("Ngày giải thể không được trước ngày thành lập."))
    province = data.get("province")
    if province is not None and not isinstance(province, Province):
        errors.setdefault("province", []).append(_("Tỉnh, thành phố không hợp lệ."))
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


def _set_predecessors(unit: Unit, predecessors: Iterable[Unit]) -> list[int]:
    predecessors = list(predecessors)
    if any(p.pk == unit.pk for p in predecessors):
        raise InvalidInput(_("Một đơn vị không thể là tiền thân của chính nó."), field="predecessors")
    from .selectors import unit_all_predecessors

    descendants_check = {p.pk for p in predecessors}
    # A predecessor must not descend from this unit, or the lineage would loop.
    for pred in predecessors:
        if unit.pk in {u.pk for u in unit_all_predecessors(pred)}:
            raise InvalidInput(
                _("Quan hệ kế thừa tạo thành vòng lặp: {name} là hậu thân của đơn vị này.").format(name=pred.name), field="predecessors"
            )
    UnitLineage.objects.filter(successor=unit).exclude(predecessor_id__in=descendants_check).delete()
    existing = set(UnitLineage.objects.filter(successor=unit).values_list("predecessor_id", flat=True))
    kind = UnitLineage.Kind.MERGER if len(predecessors) > 1 else UnitLineage.Kind.RENAME
    UnitLineage.objects.bulk_create(
        [
            UnitLineage(
                predecessor=p, successor=unit, kind=kind, effective_on=unit.valid_from or (p.valid_to and p.valid_to + dt.timedelta(days=1))
            )
            for p in predecessors
            if p.pk not in existing
        ]
    )
    return sorted(descendants_check)


@transaction.atomic
def unit_create(*, actor, data: dict, predecessors: Iterable[Unit] = (), managed_by: Organizer | None = None) -> Unit:
    _require(actor, "org.add_unit")
    _validate_unit(data)
    if managed_by is None and is_organizer_officer(actor):
        managed_by = actor.organizer
    if managed_by is not None and not is_admin(actor) and managed_by.pk != actor.organizer_id:
        raise Forbidden(_("Bạn chỉ được tạo đơn vị cho cơ quan tổ chức của mình."))
    unit = Unit(**{f: data.get(f) for f in UNIT_FIELDS if f in data}, managed_by=managed_by)
    unit.name, unit.symbol = unit.name.strip(), unit.symbol.strip()
    unit.head_title = (data.get("head_title") or "Giám đốc").strip()
    unit.parent_authority = (data.get("parent_authority") or "").strip()
    unit.search_name = fold(unit.name)
    unit.save()
    preds = _set_predecessors(unit, predecessors)
    audit_record(
        actor=actor,
        action="unit.create",
        obj=unit,
        after={**snapshot(unit), "predecessors": preds},
        organizer_id=unit.managed_by_id,
    )
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, data: dict, predecessors: Iterable[Unit] | None = None) -> Unit:
    _require(actor, "org.change_unit", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = {**snapshot(unit), "predecessors": sorted(unit.predecessor_links.values_list("predecessor_id", flat=True))}
    merged = {f: getattr(unit, f) for f in UNIT_FIELDS} | {f: v for f, v in data.items() if f in UNIT_FIELDS}
    _validate_unit(merged, instance=unit)
    for field, value in merged.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    unit.search_name = fold(unit.name)
    unit.save()
    # the name the year's member lists are ordered by (Membership.sort_name)
    Membership.objects.filter(unit=unit).exclude(sort_name=unit.name).update(sort_name=unit.name)
    preds = _set_predecessors(unit, predecessors) if predecessors is not None else before["predecessors"]
    after = {**snapshot(unit), "predecessors": preds}
    if after != before:
        audit_record(actor=actor, action="unit.update", obj=unit, before=before, after=after, organizer_id=unit.managed_by_id)
    return unit


# --- clusters ---------------------------------------------------------------------------
def _validate_cluster(organizer: Organizer, kind: str, number: str, name: str, exclude_pk=None) -> None:
    errors = {}
    if kind not in Cluster.Kind.values:
        errors["kind"] = [_("Loại cụm không hợp lệ (cluster hoặc bloc).")]
    if not (number or "").strip():
        errors["number"] = [_("Số hiệu cụm không được để trống.")]
    if not (name or "").strip():
        errors["name"] = [_("Tên cụm không được để trống.")]
    clash = Cluster.objects.filter(organizer=organizer, kind=kind, number=(number or "").strip()).exclude(pk=exclude_pk)
    if not errors and clash.exists():
        errors["number"] = [_("Cơ quan tổ chức này đã có cụm mang số hiệu {number}.").format(number=number)]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


@transaction.atomic
def cluster_create(*, actor, organizer: Organizer, kind: str, number: str, name: str, region: str = "") -> Cluster:
    _require(actor, "org.add_cluster")
    if not is_admin(actor) and organizer.pk != actor.organizer_id:
        raise Forbidden(_("Bạn chỉ được tạo cụm cho cơ quan tổ chức của mình."))
    _validate_cluster(organizer, kind, number, name)
    cluster = Cluster.objects.create(organizer=organizer, kind=kind, number=number.strip(), name=name.strip(), region=region.strip())
    audit_record(
        actor=actor, action="cluster.create", obj=cluster, after=snapshot(cluster), organizer_id=organizer.pk, cluster_id=cluster.pk
    )
    return cluster


@transaction.atomic
def cluster_update(*, actor, cluster: Cluster, data: dict) -> Cluster:
    _require(actor, "org.change_cluster", cluster)
    before = snapshot(cluster)
    fields = {f: data.get(f, getattr(cluster, f)) for f in ("kind", "number", "name", "region")}
    _validate_cluster(cluster.organizer, fields["kind"], fields["number"], fields["name"], exclude_pk=cluster.pk)
    for field, value in fields.items():
        setattr(cluster, field, (value or "").strip())
    cluster.save()
    audit_record(
        actor=actor,
        action="cluster.update",
        obj=cluster,
        before=before,
        after=snapshot(cluster),
        organizer_id=cluster.organizer_id,
        cluster_id=cluster.pk,
    )
    return cluster


# --- cluster years and membership ---------------------------------------------------------
def _membership_errors(cluster: Cluster, year: int, members: list[tuple[Unit, str]]) -> list[str]:
    errors: list[str] = []
    roles = Counter(role for _unit, role in members)
    for role in (r for r in roles if r not in Role.values):
        errors.append(_("Vai trò không hợp lệ: {role}.").format(role=role))
    if roles[Role.LEADER] > 1:
        errors.append(_("Mỗi năm chỉ có một đơn vị Cụm trưởng; danh sách có {n}.").format(n=roles[Role.LEADER]))
    elif members and roles[Role.LEADER] == 0:
        errors.append(_("Cần chỉ định một đơn vị Cụm trưởng."))
    if roles[Role.DEPUTY1] + roles[Role.DEPUTY2] > 2 or roles[Role.DEPUTY1] > 1 or roles[Role.DEPUTY2] > 1:
        errors.append(_("Tối đa hai đơn vị Cụm phó: một Cụm phó thứ nhất và một Cụm phó thứ hai."))
    if roles[Role.DEPUTY2] and not roles[Role.DEPUTY1]:
        errors.append(_("Có Cụm phó thứ hai thì phải có Cụm phó thứ nhất."))
    counts = Counter(unit.pk for unit, _role in members)
    for unit, _role in members:
        if counts[unit.pk] > 1:
            errors.append(_("Đơn vị {name} có tên hai lần trong danh sách.").format(name=unit.name))
            counts[unit.pk] = 0
        if not unit.existed_in_year(year):
            errors.append(_("Đơn vị {name} không tồn tại trong năm {year}.").format(name=unit.name, year=year))
    clashes = (
        Membership.objects.filter(organizer_id=cluster.organizer_id, year=year, unit_id__in=[u.pk for u, _r in members])
        .exclude(cluster_year__cluster=cluster)
        .select_related("unit", "cluster_year__cluster")
    )
    for m in clashes:
        errors.append(
            _("Đơn vị {name} đã là thành viên của {cluster} năm {year}.").format(
                name=m.unit.name, cluster=m.cluster_year.cluster.name, year=year
            )
        )
    return errors


def _members_snapshot(cluster_year: ClusterYear) -> list[dict]:
    return [
        {"unit": unit_id, "role": role} for unit_id, role in cluster_year.memberships.order_by("unit_id").values_list("unit_id", "role")
    ]


@transaction.atomic
def cluster_year_set_members(
    *, actor, cluster: Cluster, year: int, members: list[tuple[Unit, str]], reason: str = "", check_permission: bool = True
) -> ClusterYear:
    """Create the cluster-year if needed and replace its membership with `members`."""
    if check_permission:
        _require(actor, "org.change_membership", cluster)
    if not 1990 <= int(year) <= 2100:
        raise InvalidInput(_("Năm không hợp lệ."), field="year")
    errors = _membership_errors(cluster, year, members)
    if errors:
        raise InvalidInput(errors[0], errors={"members": errors})
    cluster_year, created = ClusterYear.objects.select_for_update().get_or_create(cluster=cluster, year=year)
    if created:
        year_created.send(sender=ClusterYear, cluster_year=cluster_year, actor=actor)
    membership_changing.send(sender=ClusterYear, cluster_year=cluster_year, actor=actor)
    before = None if created else _members_snapshot(cluster_year)
    try:
        with transaction.atomic():
            cluster_year.memberships.all().delete()
            Membership.objects.bulk_create(
                [Membership(cluster_year=cluster_year, unit=u, role=r, organizer_id=cluster.organizer_id, year=year, sort_name=u.name)
                 for u, r in members]
            )
    except IntegrityError as exc:
        # Another request placed one of these units elsewhere at the same moment.
        raise Conflict(_("Danh sách thành viên vừa bị thay đổi bởi một thao tác khác; vui lòng tải lại và thử lại.")) from exc
    cluster_year.member_count = len(members)  # on the row locked above: no other writer
    cluster_year.save(update_fields=["member_count"])
    membership_changed.send(sender=ClusterYear, cluster_year=cluster_year, actor=actor)
    after = _members_snapshot(cluster_year)
    if after != before:
        audit_record(
            actor=actor,
            action="cluster_year.set_members",
            obj=cluster_year,
            before={"members": before} if before is not None else None,
            after={"members": after},
            reason=reason,
            organizer_id=cluster.organizer_id,
            cluster_id=cluster.pk,
        )
    return cluster_year


def cluster_year_recount_members(cluster_year: ClusterYear) -> int:
    """Count a year's memberships again into its `member_count`, under the row's lock — a
    repair (voting's verify_attendance_counts --repair) for rows written outside the
    services, e.g. restored by hand; derived data, so no audit event. Returns the count."""
    with transaction.atomic():
        locked = ClusterYear.objects.select_for_update().get(pk=cluster_year.pk)
        locked.member_count = locked.memberships.count()
        locked.save(update_fields=["member_count"])
    cluster_year.member_count = locked.member_count
    return locked.member_count


# --- users ------------------------------------------------------------------------------
UNIT_ROLES = {"officer": "is_unit_officer", "head": "is_unit_head", "delegate": "is_delegate"}


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    unit: Unit | None = None,
    organizer: Organizer | None = None,
    roles: Iterable[str] = (),
) -> User:
    _require(actor, "org.add_user")
    roles = set(roles)
    errors: dict[str, list[str]] = {}
    unknown = roles - set(UNIT_ROLES) - {"organizer"}
    if unknown:
        errors["roles"] = [_("Vai trò không hợp lệ: {roles}.").format(roles=", ".join(sorted(unknown)))]
    elif not roles:
        errors["roles"] = [_("Cần ít nhất một vai trò.")]
    elif "organizer" in roles and roles & set(UNIT_ROLES):
        errors["roles"] = [_("Một tài khoản không thể vừa thuộc cơ quan tổ chức vừa thuộc đơn vị.")]
    elif "organizer" in roles and organizer is None:
        errors["organizer"] = [_("Cán bộ cơ quan tổ chức cần có cơ quan tổ chức.")]
    elif roles & set(UNIT_ROLES) and unit is None:
        errors["unit"] = [_("Tài khoản của đơn vị cần có đơn vị.")]
    username = (username or "").strip()
    if not username:
        errors["username"] = [_("Tên đăng nhập không được để trống.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập này đã được dùng.")]
    if not errors:
        try:
            validate_password(password, User(username=username, email=email, full_name=full_name))
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    if not is_admin(actor):
        if organizer is not None and organizer.pk != actor.organizer_id:
            raise Forbidden(_("Bạn chỉ được tạo tài khoản cho cơ quan tổ chức của mình."))
        if unit is not None and not unit_in_organizer_scope(unit, actor.organizer_id):
            raise Forbidden(_("Đơn vị này không thuộc phạm vi quản lý của bạn."))
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        unit=unit if roles & set(UNIT_ROLES) else None,
        organizer=organizer if "organizer" in roles else None,
    )
    for role, flag in UNIT_ROLES.items():
        setattr(user, flag, role in roles)
    user.is_organizer_officer = "organizer" in roles
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after=snapshot(user, exclude=("password", "last_login")),
        organizer_id=user.organizer_id or (unit.managed_by_id if unit else None),
    )
    return user


@transaction.atomic
def user_change_password(*, actor, user: User, old_password: str, new_password: str) -> None:
    if actor.pk != user.pk:
        raise Forbidden(_("Bạn chỉ được đổi mật khẩu của chính mình."))
    if not user.check_password(old_password):
        raise InvalidInput(_("Mật khẩu hiện tại không đúng."), field="old_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], errors={"new_password": list(exc.messages)}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # Whoever knew the old password may have made API tokens with it: they go too.
    revoked = api_tokens_revoke_all(user=user)
    audit_record(actor=actor, action="user.change_password", obj=user, after={"api_tokens_revoked": revoked})
