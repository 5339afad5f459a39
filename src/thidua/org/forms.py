"""Forms of the organisation pages. They parse and check the shape of the input (with
Vietnamese messages); the rules themselves live in services.py, whose InvalidInput errors
the views put back on these forms with `add_domain_errors`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError

from . import selectors
from .models import Cluster, Organizer, Province, Role, Unit
from .rules import is_admin

# Dates are typed and shown as officials write them (23/11/2022); ISO is accepted too.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _required(message) -> dict:
    return {"required": message}


def _date_field(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"},
            format="%d/%m/%Y",
        ),
        error_messages={"invalid": _("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025.")},
    )


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's {field: [messages]} on the form; unknown fields become form-wide errors."""
    for field, messages in exc.errors.items():
        target = field if field in form.fields else None
        for message in messages if isinstance(messages, (list, tuple)) else [messages]:
            form.add_error(target, str(message))


def province_choices() -> list:
    """Provinces grouped by era (current ones first), for a <select> with <optgroup>s."""
    groups: dict[str, list] = {Province.Era.CURRENT: [], Province.Era.BEFORE: []}
    for pk, name, era in Province.objects.order_by("name").values_list("pk", "name", "era"):
        groups.setdefault(era, []).append((str(pk), name))
    return [("", _("— Tất cả / không chọn —"))] + [(Province.Era(era).label, items) for era, items in groups.items() if items]


class StyledBoundField(forms.BoundField):
    """Marks a widget with errors for Bootstrap (`is-invalid`); Django adds aria-invalid."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            css = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{css} is-invalid".strip()
        return attrs


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and error marks."""

    bound_field_class = StyledBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


# --- clusters -----------------------------------------------------------------------------
class ClusterForm(StyledForm):
    organizer = forms.ModelChoiceField(
        label=_("Cơ quan tổ chức"),
        queryset=Organizer.objects.all(),
        error_messages={"required": _("Vui lòng chọn cơ quan tổ chức."), "invalid_choice": _("Cơ quan tổ chức không hợp lệ.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại"), choices=Cluster.Kind.choices, initial=Cluster.Kind.CLUSTER,
        error_messages={"required": _("Vui lòng chọn loại cụm."), "invalid_choice": _("Loại cụm không hợp lệ.")},
    )
    number = forms.CharField(
        label=_("Số hiệu"), max_length=20, help_text=_("Ví dụ: II, 3"),
        error_messages={"required": _("Vui lòng nhập số hiệu cụm."), "max_length": _("Số hiệu cụm tối đa 20 ký tự.")},
    )
    name = forms.CharField(
        label=_("Tên cụm"), max_length=200, help_text=_("Ví dụ: Cụm thi đua số 3"),
        error_messages={"required": _("Vui lòng nhập tên cụm."), "max_length": _("Tên cụm tối đa 200 ký tự.")},
    )
    region = forms.CharField(
        label=_("Địa bàn"), max_length=200, required=False, help_text=_("Ví dụ: Các tỉnh Bắc Trung Bộ"),
        error_messages={"max_length": _("Địa bàn tối đa 200 ký tự.")},
    )

    def __init__(self, *args, user, instance: Cluster | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in ("kind", "number", "name", "region")}
        super().__init__(*args, **kwargs)
        self.instance = instance
        # Only the system admin chooses the organizer of a new cluster; an organizer's
        # officers create clusters for their own organizer, and nobody moves a cluster.
        if instance is not None or not is_admin(user):
            del self.fields["organizer"]

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in ("kind", "number", "name", "region")}


# --- units --------------------------------------------------------------------------------
class PredecessorField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        bits = [unit.province.name if unit.province else ""]
        if unit.valid_to:
            bits.append(_("đến {date}").format(date=unit.valid_to.strftime("%d/%m/%Y")))
        elif unit.valid_from:
            bits.append(_("từ {date}").format(date=unit.valid_from.strftime("%d/%m/%Y")))
        extra = ", ".join(b for b in bits if b)
        return f"{unit.name} ({extra})" if extra else unit.name


class UnitForm(StyledForm):
    name = forms.CharField(
        label=_("Tên đơn vị"), max_length=200, help_text=_("Ví dụ: Sở Ngoại vụ tỉnh Quảng Trị"),
        error_messages={"required": _("Vui lòng nhập tên đơn vị."), "max_length": _("Tên đơn vị tối đa 200 ký tự.")},
    )
    symbol = forms.CharField(
        label=_("Ký hiệu viết tắt"), max_length=20, help_text=_("Dùng trong số văn bản, ví dụ SNgV"),
        error_messages={"required": _("Vui lòng nhập ký hiệu viết tắt."), "max_length": _("Ký hiệu viết tắt tối đa 20 ký tự.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"), choices=Unit.Kind.choices, initial=Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT,
        error_messages={"required": _("Vui lòng chọn loại đơn vị."), "invalid_choice": _("Loại đơn vị không hợp lệ.")},
    )
    province = forms.TypedChoiceField(
        label=_("Tỉnh, thành phố"), coerce=int, required=False, empty_value=None,
        error_messages={"invalid_choice": _("Tỉnh, thành phố không hợp lệ.")},
    )
    parent_authority = forms.CharField(
        label=_("Cơ quan chủ quản"), max_length=200, required=False,
        help_text=_("Dòng trên cùng của tiêu đề văn bản, ví dụ UBND TỈNH QUẢNG TRỊ"),
    )
    head_title = forms.CharField(label=_("Chức danh người đứng đầu"), max_length=100, required=False, initial="Giám đốc")
    valid_from = _date_field(_("Thành lập từ ngày"), _("Để trống nếu không rõ."))
    valid_to = _date_field(_("Giải thể / sáp nhập ngày"), _("Để trống nếu đơn vị còn hoạt động."))
    predecessors = PredecessorField(
        label=_("Đơn vị tiền thân"), required=False, queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Các đơn vị đã sáp nhập, hợp nhất hoặc đổi tên thành đơn vị này."),
        error_messages={"invalid_choice": _("Đơn vị tiền thân không hợp lệ."), "invalid_pk_value": _("Đơn vị tiền thân không hợp lệ.")},
    )
    managed_by = forms.ModelChoiceField(
        label=_("Cơ quan quản lý danh mục"), queryset=Organizer.objects.all(), required=False,
        error_messages={"invalid_choice": _("Cơ quan tổ chức không hợp lệ.")},
    )

    def __init__(self, *args, user, instance: Unit | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name, "symbol": instance.symbol, "kind": instance.kind, "province": instance.province_id,
                "parent_authority": instance.parent_authority, "head_title": instance.head_title,
                "valid_from": instance.valid_from, "valid_to": instance.valid_to,
                "predecessors": [link.predecessor_id for link in instance.predecessor_links.all()],
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["province"].choices = province_choices()
        units = Unit.objects.select_related("province").order_by("name", "valid_from", "id")
        self.fields["predecessors"].queryset = units.exclude(pk=instance.pk) if instance is not None else units
        if instance is not None or not is_admin(user):
            del self.fields["managed_by"]

    def clean_province(self):
        pk = self.cleaned_data.get("province")
        if pk is None:
            return None
        province = Province.objects.filter(pk=pk).first()
        if province is None:
            raise forms.ValidationError(_("Tỉnh, thành phố không hợp lệ."))
        return province

    def service_data(self) -> dict:
        fields = ("name", "symbol", "kind", "province", "parent_authority", "head_title", "valid_from", "valid_to")
        return {f: self.cleaned_data.get(f) for f in fields}


class UnitFilterForm(StyledForm):
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    province = forms.TypedChoiceField(label=_("Tỉnh, thành phố"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False)
    active_on = _date_field(_("Hoạt động vào ngày"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["kind"].choices = [("", _("— Tất cả —")), *Unit.Kind.choices]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("ví dụ: quang binh"), "autocomplete": "off"})

    def filters(self) -> dict:
        """The selector's keyword arguments; invalid fields are left out."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        return {
            "q": (data.get("q") or "").strip(),
            "province": data.get("province"),
            "kind": data.get("kind") or "",
            "active_on": data.get("active_on"),
        }


# --- membership of a cluster's year -------------------------------------------------------
class MembersForm(StyledForm):
    """The rows come as parallel lists: unit=<id>&role=<role>, one pair per row."""

    reason = forms.CharField(
        label=_("Lý do thay đổi"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Theo kết quả bầu tại Hội nghị tổng kết ngày 16/12/2022."),
        error_messages={"max_length": _("Lý do tối đa 1000 ký tự.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: list[dict] = []

    def clean(self):
        cleaned = super().clean()
        unit_ids = self.data.getlist("unit") if hasattr(self.data, "getlist") else []
        roles = self.data.getlist("role") if hasattr(self.data, "getlist") else []
        if len(unit_ids) != len(roles):
            raise forms.ValidationError(_("Danh sách thành viên gửi lên không hợp lệ; vui lòng tải lại trang và thử lại."))
        ids = []
        for raw in unit_ids:
            try:
                ids.append(int(raw))
            except (TypeError, ValueError):
                raise forms.ValidationError(_("Danh sách thành viên gửi lên không hợp lệ; vui lòng tải lại trang và thử lại."))
        units = Unit.objects.select_related("province").in_bulk(ids)
        members, errors = [], []
        for pk, role in zip(ids, roles, strict=True):
            unit = units.get(pk)
            if unit is None:
                errors.append(_("Không tìm thấy đơn vị mã {pk}.").format(pk=pk))
                continue
            self.rows.append({"unit": unit, "role": role})
            if role not in Role.values:
                errors.append(_("Vai trò của {name} không hợp lệ.").format(name=unit.name))
                continue
            members.append((unit, role))
        if errors:
            raise forms.ValidationError(errors)
        cleaned["members"] = members
        return cleaned


def initial_rows(members) -> list[dict]:
    return [{"unit": m.unit, "role": m.role} for m in members]


def parse_year(raw) -> int | None:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if 1990 <= year <= 2100 else None


# --- audit trail --------------------------------------------------------------------------
class AuditFilterForm(StyledForm):
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    cluster = forms.TypedChoiceField(label=_("Cụm, khối"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, action_labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        actions = selectors.audit_actions_for(user)
        self.fields["action"].choices = [("", _("— Tất cả —"))] + [(a, action_labels.get(a, a)) for a in actions]
        clusters = selectors.clusters_for(user).values_list("pk", "name")
        self.fields["cluster"].choices = [("", _("— Tất cả —"))] + [(str(pk), name) for pk, name in clusters]
        self.fields["action"].error_messages["invalid_choice"] = _("Thao tác không hợp lệ.")
        self.fields["cluster"].error_messages["invalid_choice"] = _("Cụm không hợp lệ.")

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {"action": data.get("action") or "", "cluster_id": data.get("cluster")}
