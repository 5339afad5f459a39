"""What the organisation pages show, computed from data already read: labels of audit
actions and fields, readable before/after data of audit events, the markers of the
leadership timeline. Lookups of names go through selectors, a fixed number per page."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import REORGANISATION_DATE, Cluster, ClusterYear, Organizer, Phase, Role, Unit, UnitLineage, User


def year_url(name: str, cluster_year: ClusterYear, *args) -> str:
    """The URL of a cluster year's page (routes of the form …/<cluster>/nam/<year>/…)."""
    return reverse(name, args=[cluster_year.cluster_id, cluster_year.year, *args])


ACTION_LABELS = {
    "report.assign_drafter": gettext_lazy("Giao đơn vị soạn báo cáo tổng kết"),
    "report.start": gettext_lazy("Lập dự thảo báo cáo tổng kết"),
    "report.edit": gettext_lazy("Sửa dự thảo báo cáo tổng kết"),
    "report.new_version": gettext_lazy("Lập lần dự thảo mới của báo cáo tổng kết"),
    "report.circulate": gettext_lazy("Gửi xin ý kiến dự thảo báo cáo tổng kết"),
    "report.comment": gettext_lazy("Góp ý dự thảo báo cáo tổng kết"),
    "report.comment_answer": gettext_lazy("Tiếp thu / không tiếp thu góp ý"),
    "report.adopt": gettext_lazy("Hội nghị thông qua báo cáo tổng kết"),
    "mid_year_review.record": gettext_lazy("Ghi biên bản sơ kết 6 tháng"),
    "criteria_table.amend": gettext_lazy("Sửa đổi bảng tiêu chí tại hội nghị sơ kết"),
    "unit_rating.set": gettext_lazy("Nhập xếp loại hằng năm của đơn vị"),
    "discipline.add": gettext_lazy("Ghi kỷ luật"),
    "lineage_carry_over.set": gettext_lazy("Cho đơn vị kế thừa thành tích của đơn vị tiền thân"),
    "lineage_carry_over.remove": gettext_lazy("Bỏ kế thừa thành tích: đơn vị kế thừa tính lại từ đầu"),
    "decision.record": gettext_lazy("Ghi quyết định khen thưởng"),
    "decision.signed_copy_add": gettext_lazy("Thêm bản đã ký của quyết định khen thưởng"),
    "awards.import": gettext_lazy("Nhập sổ khen thưởng các năm trước"),
    "rule_adjustment.set": gettext_lazy("Điều chỉnh điều kiện khen thưởng của năm"),
    "rule_adjustment.remove": gettext_lazy("Bỏ điều chỉnh điều kiện khen thưởng của năm"),
    "decision.revoke": gettext_lazy("Hủy bỏ khen thưởng"),
    "dossier.build": gettext_lazy("Lập hồ sơ đề nghị khen thưởng"),
    "dossier.rebuild": gettext_lazy("Lập lại hồ sơ đề nghị khen thưởng"),
    "dossier.submit": gettext_lazy("Gửi hồ sơ đề nghị khen thưởng"),
    "dossier.resubmit": gettext_lazy("Gửi lại hồ sơ đề nghị khen thưởng"),
    "dossier.return": gettext_lazy("Trả lại hồ sơ đề nghị khen thưởng"),
    "dossier.accept": gettext_lazy("Tiếp nhận hồ sơ đề nghị khen thưởng"),
    "dossier.decide": gettext_lazy("Hồ sơ đề nghị có quyết định khen thưởng"),
    "achievement_report.write": gettext_lazy("Viết báo cáo thành tích"),
    "achievement_report.confirm": gettext_lazy("Xác nhận báo cáo thành tích"),
    "accounts.import": gettext_lazy("Nhập đơn vị, tài khoản từ tệp Excel"),
    "twofactor.enable": gettext_lazy("Bật xác thực hai bước"),
    "twofactor.replace_device": gettext_lazy("Đổi thiết bị xác thực hai bước"),
    "twofactor.disable": gettext_lazy("Tắt xác thực hai bước"),
    "twofactor.recovery_codes_regenerate": gettext_lazy("Tạo lại mã khôi phục"),
    "twofactor.recovery_code_used": gettext_lazy("Đăng nhập bằng mã khôi phục"),
    "twofactor.verify_failed": gettext_lazy("Nhập sai mã xác thực hai bước"),
    "document.sign": gettext_lazy("Ký số văn bản"),
    "document.signature_check": gettext_lazy("Kiểm tra chữ ký số của tệp PDF"),
    "organizer.create": gettext_lazy("Tạo cơ quan tổ chức"),
    "unit.create": gettext_lazy("Thêm đơn vị"),
    "unit.update": gettext_lazy("Sửa đơn vị"),
    "cluster.create": gettext_lazy("Tạo cụm, khối"),
    "cluster.update": gettext_lazy("Sửa cụm, khối"),
    "cluster_year.set_members": gettext_lazy("Cập nhật thành viên năm thi đua"),
    "cluster_year.set_phase": gettext_lazy("Chuyển giai đoạn năm thi đua"),
    "user.create": gettext_lazy("Tạo tài khoản"),
    "user.change_password": gettext_lazy("Đổi mật khẩu"),
    "user.admin_change": gettext_lazy("Sửa tài khoản trong trang quản trị"),
    "user.admin_create": gettext_lazy("Tạo tài khoản trong trang quản trị"),
    "account.create": gettext_lazy("Tạo tài khoản"),
    "account.update": gettext_lazy("Sửa tài khoản"),
    "account.change_roles": gettext_lazy("Đổi vai trò của tài khoản"),
    "account.invite": gettext_lazy("Gửi lời mời đặt mật khẩu"),
    "account.invite_resend": gettext_lazy("Gửi lại lời mời đặt mật khẩu"),
    "account.deactivate": gettext_lazy("Khóa tài khoản"),
    "account.reactivate": gettext_lazy("Mở khóa tài khoản"),
    "account.password_set_by_invitation": gettext_lazy("Đặt mật khẩu theo lời mời"),
    "account.password_reset_request": gettext_lazy("Yêu cầu đặt lại mật khẩu"),
    "account.password_reset": gettext_lazy("Đặt lại mật khẩu"),
    "account.set_unit_policy": gettext_lazy("Đổi quyền quản lý tài khoản của cán bộ thi đua"),
    "audit.chain_open": gettext_lazy("Mở chuỗi nhật ký"),
    # The one mapping of every action the code base records (tests/org/test_audit_labels.py
    # reads the sources and fails when a new action has no label here).
    "api_token.issue": gettext_lazy("Cấp mã truy cập API"),
    "api_token.revoke": gettext_lazy("Thu hồi mã truy cập API"),
    "cluster_year.set_deadlines": gettext_lazy("Đặt thời hạn các giai đoạn"),
    "year_settings.create": gettext_lazy("Lập quy định của năm thi đua"),
    "year_settings.update": gettext_lazy("Sửa quy định của năm thi đua"),
    "launch.save": gettext_lazy("Lưu nội dung phát động thi đua"),
    "launch.publish": gettext_lazy("Công bố phát động thi đua"),
    "registration.submit": gettext_lazy("Đăng ký thi đua"),
    "covenant.build": gettext_lazy("Lập dự thảo giao ước thi đua"),
    "covenant.save_text": gettext_lazy("Sửa nội dung giao ước thi đua"),
    "covenant.freeze": gettext_lazy("Chốt nội dung giao ước thi đua"),
    "covenant.number": gettext_lazy("Cấp số giao ước thi đua"),
    "covenant.sign": gettext_lazy("Ký giao ước thi đua"),
    "conference_plan.issue": gettext_lazy("Ban hành kế hoạch tổ chức hội nghị tổng kết"),
    "document.number_issue": gettext_lazy("Cấp số văn bản"),
    "document.number": gettext_lazy("Ghi số văn bản của năm thi đua"),
    "document_issuer.update": gettext_lazy("Sửa cơ quan ban hành văn bản của Cụm"),
    "criteria_table.replace": gettext_lazy("Sửa bảng tiêu chí chấm điểm"),
    "criteria_table.import_sample": gettext_lazy("Dùng bảng tiêu chí mẫu"),
    "criteria_table.copy_from_previous": gettext_lazy("Chép bảng tiêu chí năm trước"),
    "criteria_table.import_xlsx": gettext_lazy("Nhập bảng tiêu chí từ tệp Excel"),
    "criteria_table.freeze": gettext_lazy("Chốt bảng tiêu chí chấm điểm"),
    "score_sheet.save": gettext_lazy("Lưu phiếu chấm điểm"),
    "score_sheet.submit": gettext_lazy("Nộp phiếu chấm điểm"),
    "score_sheet.reopen": gettext_lazy("Mở lại phiếu chấm điểm"),
    "score_sheets.demo": gettext_lazy("Kết quả chấm điểm minh họa (dữ liệu mẫu)"),
    "evidence.upload": gettext_lazy("Tải minh chứng lên"),
    "evidence.delete": gettext_lazy("Xóa minh chứng"),
    "scoring_assignments.set": gettext_lazy("Phân công chấm chéo"),
    "score_query.ask": gettext_lazy("Đề nghị giải trình"),
    "score_query.reply": gettext_lazy("Trả lời giải trình"),
    "conference.create": gettext_lazy("Lập hội nghị tổng kết"),
    "conference.update": gettext_lazy("Sửa thông tin hội nghị tổng kết"),
    "conference.new_code": gettext_lazy("Đổi mã điểm danh"),
    "conference.checkin": gettext_lazy("Điểm danh"),
    "conference.delegate": gettext_lazy("Cử đại biểu"),
    "conference.delegate_nominate": gettext_lazy("Đề xuất người biểu quyết"),
    "conference.number_invitation": gettext_lazy("Cấp số giấy mời"),
    "conference.number_minutes": gettext_lazy("Cấp số biên bản hội nghị"),
    "poll.create": gettext_lazy("Tạo biểu quyết"),
    "poll.update": gettext_lazy("Sửa biểu quyết"),
    "poll.delete": gettext_lazy("Xóa biểu quyết"),
    "poll.open": gettext_lazy("Mở biểu quyết"),
    "poll.vote": gettext_lazy("Bỏ phiếu"),
    "poll.paper_tally": gettext_lazy("Nhập kết quả kiểm phiếu giấy"),
    "poll.close": gettext_lazy("Kết thúc biểu quyết"),
    "poll.runoff": gettext_lazy("Tạo vòng bỏ phiếu lại"),
    "proposal.create": gettext_lazy("Ghi nhận đề nghị khen thưởng"),
    "post.create": gettext_lazy("Viết bài trên kênh thông tin"),
    "post.update": gettext_lazy("Sửa, đăng hoặc gỡ bài trên kênh thông tin"),
    "post.attach": gettext_lazy("Thêm ảnh, tệp vào bài viết"),
    "post.detach": gettext_lazy("Gỡ ảnh, tệp khỏi bài viết"),
    "post.comment": gettext_lazy("Bình luận bài viết"),
}
# Keys of an event's data that hold unit ids (one or a list), shown by the units' names.
UNIT_KEYS = {"unit_id", "unit", "scorer", "host_unit", "host_unit_id", "leader", "candidates", "elected", "member_ids", "roll",
             "predecessors", "units"}

FIELD_LABELS = {
    "name": gettext_lazy("Tên"),
    "symbol": gettext_lazy("Ký hiệu"),
    "kind": gettext_lazy("Loại"),
    "province_id": gettext_lazy("Tỉnh, thành phố"),
    "parent_authority": gettext_lazy("Cơ quan chủ quản"),
    "head_title": gettext_lazy("Chức danh người đứng đầu"),
    "valid_from": gettext_lazy("Thành lập từ"),
    "valid_to": gettext_lazy("Giải thể / sáp nhập ngày"),
    "managed_by_id": gettext_lazy("Cơ quan quản lý danh mục"),
    "predecessors": gettext_lazy("Đơn vị tiền thân"),
    "organizer_id": gettext_lazy("Cơ quan tổ chức"),
    "number": gettext_lazy("Số hiệu"),
    "region": gettext_lazy("Địa bàn"),
    "phase": gettext_lazy("Giai đoạn"),
    "year": gettext_lazy("Năm"),
    "cluster_id": gettext_lazy("Cụm"),
    "office_name": gettext_lazy("Bộ phận thi đua - khen thưởng"),
    "username": gettext_lazy("Tên đăng nhập"),
    "full_name": gettext_lazy("Họ và tên"),
    "email": gettext_lazy("Thư điện tử"),
    "unit_id": gettext_lazy("Đơn vị"),
    "is_active": gettext_lazy("Đang hoạt động"),
    "is_superuser": gettext_lazy("Quản trị hệ thống"),
    "is_staff": gettext_lazy("Vào trang quản trị"),
    "is_unit_officer": gettext_lazy("Cán bộ thi đua"),
    "is_unit_head": gettext_lazy("Lãnh đạo đơn vị"),
    "is_delegate": gettext_lazy("Đại biểu"),
    "is_organizer_officer": gettext_lazy("Cán bộ cơ quan tổ chức"),
    "date_joined": gettext_lazy("Ngày tạo"),
    "first_name": gettext_lazy("Tên"),
    "last_name": gettext_lazy("Họ"),
    "deadlines": gettext_lazy("Thời hạn"),
    "api_tokens_revoked": gettext_lazy("Khóa API bị thu hồi"),
    "password_changed": gettext_lazy("Đặt mật khẩu mới"),
    "sent_count": gettext_lazy("Số lần gửi"),
    "expires": gettext_lazy("Hết hạn"),
    "officers_manage_delegates": gettext_lazy("Cán bộ thi đua quản lý tài khoản đại biểu"),
    "officers_manage_officers": gettext_lazy("Cán bộ thi đua quản lý tài khoản cán bộ thi đua"),
    "unit": gettext_lazy("Đơn vị"),
    "scorer": gettext_lazy("Đơn vị chấm"),
    "host_unit": gettext_lazy("Đơn vị đăng cai"),
    "candidates": gettext_lazy("Đơn vị được đề cử"),
    "elected": gettext_lazy("Đơn vị trúng"),
    "title": gettext_lazy("Tiêu đề"),
    "text": gettext_lazy("Nội dung"),
    "criterion": gettext_lazy("Tiêu chí"),
    "query": gettext_lazy("Đề nghị giải trình số"),
    "total": gettext_lazy("Tổng điểm"),
    "files": gettext_lazy("Tệp kèm theo"),
}
HIDDEN_FIELDS = {"id", "search_name", "sort_name", "password", "last_login"}
KIND_LABELS = {
    **dict(Unit.Kind.choices), **dict(Cluster.Kind.choices), **dict(Organizer.Kind.choices), **dict(UnitLineage.Kind.choices)
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ROLE_RANK = {role: i for i, role in enumerate(Role.values)}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


# --- audit events ---------------------------------------------------------------------------
def _members(data) -> dict[int, str] | None:
    if not isinstance(data, dict) or not isinstance(data.get("members"), list):
        return None
    return {row["unit"]: row.get("role", "") for row in data["members"] if isinstance(row, dict) and "unit" in row}


class _Refs:
    """Names of the units, provinces and organizers the events mention, read once."""

    def __init__(self, events) -> None:
        units, provinces, organizers = set(), set(), set()
        for event in events:
            for data in (event.before, event.after):
                if not isinstance(data, dict):
                    continue
                units.update(_members(data) or {})
                for key in UNIT_KEYS & set(data):
                    value = data[key]
                    units.update(i for i in (value if isinstance(value, list) else [value]) if _is_id(i))
                if isinstance(data.get("province_id"), int):
                    provinces.add(data["province_id"])
                organizers.update(data[k] for k in ("organizer_id", "managed_by_id") if isinstance(data.get(k), int))
        self.units = selectors.unit_names(units)
        self.provinces = selectors.province_names(provinces)
        self.organizers = dict(Organizer.objects.filter(pk__in=organizers).values_list("pk", "name")) if organizers else {}
        # the people who acted, by their full name (the trail keeps the user name it had then): one query
        actors = {e.actor_id for e in events if getattr(e, "actor_id", None)}
        self.people = dict(User.objects.filter(pk__in=actors).exclude(full_name="").values_list("pk", "full_name")) if actors else {}

    def unit(self, pk) -> str:
        return self.units.get(pk) or _("đơn vị #{pk}").format(pk=pk)


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value(key: str, value, refs: _Refs) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if key == "province_id":
        return refs.provinces.get(value, f"#{value}")
    if key in ("organizer_id", "managed_by_id"):
        return refs.organizers.get(value, f"#{value}")
    if key in UNIT_KEYS and isinstance(value, list) and all(_is_id(pk) for pk in value):
        return "; ".join(refs.unit(pk) for pk in value)
    if key in UNIT_KEYS and _is_id(value):
        return refs.unit(value)
    if key == "phase" and value in Phase.values:
        return str(Phase(value).label)
    if key == "role":
        return role_label(value)
    if key == "kind" and value in KIND_LABELS:
        return str(KIND_LABELS[value])
    if isinstance(value, str) and ISO_DATE.match(value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _field_rows(before, after, refs: _Refs) -> list[dict]:
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = list(after) + [k for k in before if k not in after]
    rows = []
    for key in keys:
        if key in HIDDEN_FIELDS:
            continue
        old, new = before.get(key), after.get(key)
        if before and after and old == new:
            continue  # an update: show what changed
        if not before and new in (None, "", []):
            continue  # a creation: show what was set
        rows.append({
            "label": str(FIELD_LABELS.get(key, key)),
            "before": _value(key, old, refs) if key in before else "",
            "after": _value(key, new, refs) if key in after else "",
        })
    return rows


def _member_changes(before: dict[int, str] | None, after: dict[int, str] | None, refs: _Refs) -> dict:
    before, after = before or {}, after or {}

    def rank(pk, roles):
        return (ROLE_RANK.get(roles[pk], 99), refs.unit(pk))

    added = [
        {"unit": refs.unit(pk), "role": role_label(after[pk])} for pk in sorted(set(after) - set(before), key=lambda p: rank(p, after))
    ]
    removed = [
        {"unit": refs.unit(pk), "role": role_label(before[pk])} for pk in sorted(set(before) - set(after), key=lambda p: rank(p, before))
    ]
    changed = [
        {"unit": refs.unit(pk), "before": role_label(before[pk]), "after": role_label(after[pk])}
        for pk in sorted((p for p in set(before) & set(after) if before[p] != after[p]), key=lambda p: rank(p, after))
    ]
    return {"added": added, "removed": removed, "changed": changed, "count_before": len(before), "count_after": len(after)}


def describe_events(events) -> list:
    """Give each audit event `label` and `display`: either {"members": {...}} for a
    membership change or {"rows": [{label, before, after}]} for other changes."""
    events = list(events)
    refs = _Refs(events)
    for event in events:
        event.label = action_label(event.action)
        event.actor_name = refs.people.get(event.actor_id) or event.actor_label
        before_members, after_members = _members(event.before), _members(event.after)
        # the membership display only for a membership change: other events (a poll's
        # snapshot…) may also carry a "members" list
        if event.action == "cluster_year.set_members" and (before_members is not None or after_members is not None):
            event.display = {"members": _member_changes(before_members, after_members, refs), "is_new": event.before is None}
        else:
            event.display = {"rows": _field_rows(event.before, event.after, refs), "is_new": event.before is None}
    return events


# --- clusters -------------------------------------------------------------------------------
def timeline_items(rows: list[dict]) -> list[dict]:
    """The leadership timeline (oldest first) with markers between years: a gap in the
    record, and the reorganisation of provinces on 1 July 2025."""
    items: list[dict] = []
    previous = None
    for row in rows:
        year = row["year"]
        if previous is not None:
            if year - previous > 1:
                items.append({"marker": "gap", "first": previous + 1, "last": year - 1})
            if previous < REORGANISATION_DATE.year <= year:
                items.append({"marker": "reorganisation", "date": REORGANISATION_DATE})
        items.append({"marker": "", **row})
        previous = year
    return items


def phase_progress(phase: str) -> dict:
    order = Phase.order()
    index = order.index(phase) if phase in order else 0
    return {"step": index + 1, "total": len(order), "percent": round(100 * (index + 1) / len(order))}


def leader_of(cluster_year):
    """The leader unit of a cluster-year prefetched by selectors.cluster_list, or None."""
    leaders = getattr(cluster_year, "leaders", None) if cluster_year is not None else None
    return leaders[0].unit if leaders else None


def user_role_labels(user) -> list[str]:
    return [str(User.RoleName(role).label) for role in user.roles if role in User.RoleName.values]


def year_of_today(years: list, this_year: int):
    """The cluster-year of `this_year` among prefetched years, else None."""
    return next((cy for cy in years if cy.year == this_year), None)


def deadline_rows(deadlines) -> list[dict]:
    """A year's deadlines {phase: "YYYY-MM-DD"} in phase order, with dates."""
    rows = []
    for phase in Phase.order():
        raw = (deadlines or {}).get(phase)
        if not raw:
            continue
        try:
            day = dt.date.fromisoformat(str(raw))
        except ValueError:
            continue
        rows.append({"phase": Phase(phase).label, "date": day})
    return rows
