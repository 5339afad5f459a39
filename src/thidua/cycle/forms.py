"""Forms of the year's pages. They check the shape of the input with Vietnamese messages;
the rules live in services/, whose errors the views put back with add_domain_errors."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.org.forms import DATE_INPUT_FORMATS, StyledForm, add_domain_errors  # noqa: F401  (re-exported)
from thidua.org.models import Phase

from .awards import award_choices
from .models import QUOTA_KINDS, THRESHOLD_BASES, THRESHOLD_KINDS, TIE_BREAK_KEYS, YearSettings

TIE_BREAK_LABELS = {
    "total": _("Tổng điểm"),
    "professional": _("Điểm nhóm nhiệm vụ chuyên môn"),
    "penalties": _("Ít điểm trừ hơn"),
    "bonus": _("Nhiều điểm thưởng hơn"),
}
THRESHOLD_LABELS = {
    "flag": _("Cờ thi đua"),
    "merit": _("Bằng khen"),
    "leader": _("Bầu Cụm trưởng"),
    "deputy": _("Bầu Cụm phó"),
}
QUOTA_LABELS = {"flag": _("Số Cờ thi đua được đề nghị"), "merit": _("Số Bằng khen được đề nghị")}
BASE_LABELS = {"members": _("tổng số thành viên"), "present": _("số có mặt"), "valid": _("số phiếu hợp lệ")}


def date_field(label, *, required=False, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS, help_text=help_text,
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric",
                   "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"},
            format="%d/%m/%Y",
        ),
        error_messages={
            "invalid": _("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 31/01/2026."),
            "required": _("Vui lòng nhập ngày."),
        },
    )


class LaunchForm(StyledForm):
    title = forms.CharField(
        label=_("Tiêu đề phong trào"), max_length=300,
        help_text=_("Ví dụ: Phong trào thi đua năm 2026 của Cụm thi đua số 3"),
        error_messages={"required": _("Vui lòng nhập tiêu đề."), "max_length": _("Tiêu đề tối đa 300 ký tự.")},
    )
    goals = forms.CharField(label=_("Mục tiêu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.CharField(
        label=_("Các nội dung thi đua"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một nội dung, theo thứ tự."),
        error_messages={"required": _("Cần ít nhất một nội dung thi đua.")},
    )

    def service_data(self) -> dict:
        items = [line.strip().lstrip("-+•").strip() for line in self.cleaned_data["items"].splitlines()]
        return {"title": self.cleaned_data["title"], "goals": self.cleaned_data["goals"], "items": [i for i in items if i]}


class RegistrationForm(StyledForm):
    titles = forms.MultipleChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng đăng ký"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cần chọn ít nhất một danh hiệu hoặc hình thức khen thưởng."),
                        "invalid_choice": _("Lựa chọn không hợp lệ: %(value)s.")},
    )
    commitments = forms.CharField(
        label=_("Cam kết của đơn vị"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Các chỉ tiêu, nhiệm vụ đơn vị cam kết thực hiện trong năm."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titles"].choices = award_choices()


class CovenantTextForm(StyledForm):
    text = forms.CharField(
        label=_("Nội dung giao ước"), widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Mỗi dòng là một đoạn của văn bản."),
        error_messages={"required": _("Nội dung giao ước không được để trống.")},
    )


class SettingsForm(StyledForm):
    """The year's rules and deadlines on one page; thresholds and quotas as flat fields."""

    cross_scoring = forms.ChoiceField(label=_("Cách chấm chéo"), choices=YearSettings.CrossScoring.choices)
    aggregation = forms.ChoiceField(label=_("Cách tổng hợp điểm"), choices=YearSettings.Aggregation.choices)
    quorum_percent = forms.DecimalField(
        label=_("Tỷ lệ đơn vị có mặt tối thiểu (%)"), max_digits=5, decimal_places=2, min_value=0.01, max_value=100,
        help_text=_("66.67 nghĩa là hai phần ba."),
        error_messages={"invalid": _("Cần một số."), "max_value": _("Không quá 100."), "min_value": _("Phải lớn hơn 0.")},
    )
    document_symbol = forms.CharField(label=_("Ký hiệu văn bản của Cụm"), max_length=20, help_text=_(
        "Dùng khi Cụm thi đua tự ban hành văn bản (trang “Cơ quan ban hành văn bản”), ví dụ CTĐ trong “Số: 91/KH-CTĐ”"))
    covenant_type_code = forms.CharField(label=_("Ký hiệu loại văn bản giao ước"), max_length=10)
    evidence_required = forms.BooleanField(
        label=_("Bắt buộc minh chứng trước khi gửi"), required=False,
        help_text=_("Không cho nộp bảng tự chấm điểm khi còn tiêu chí bắt buộc minh chứng chưa có minh chứng; "
                    "nếu không chọn, đơn vị được nhắc và phải xác nhận trước khi nộp."),
    )

    # The tie-break: the total first (always), then up to three criteria in order, each a
    # labelled choice; stored as the same codes (TIE_BREAK_KEYS).
    TIE_SLOTS = range(2, len(TIE_BREAK_KEYS) + 1)

    def __init__(self, *args, settings: YearSettings, deadlines: dict, **kwargs):
        initial = {
            "cross_scoring": settings.cross_scoring, "aggregation": settings.aggregation,
            "evidence_required": settings.evidence_required,
            "quorum_percent": settings.quorum_percent, "document_symbol": settings.document_symbol,
            "covenant_type_code": settings.covenant_type_code,
        }
        later = [k for k in settings.tie_break if k != "total"]
        for slot in self.TIE_SLOTS:
            initial[f"tie_break_{slot}"] = later[slot - 2] if slot - 2 < len(later) else ""
        for kind in QUOTA_KINDS:
            initial[f"quota_{kind}"] = settings.quotas.get(kind, 0)
        for kind in THRESHOLD_KINDS:
            rule = settings.thresholds.get(kind, {})
            initial |= {f"{kind}_base": rule.get("base"), f"{kind}_percent": rule.get("percent"), f"{kind}_strict": rule.get("strict")}
        for phase in Phase.values:
            raw = deadlines.get(phase)
            try:
                initial[f"deadline_{phase}"] = dt.date.fromisoformat(raw) if raw else None
            except ValueError:
                initial[f"deadline_{phase}"] = None
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        tie_choices = [("", _("— không xét thêm —"))] + [(k, TIE_BREAK_LABELS[k]) for k in TIE_BREAK_KEYS if k != "total"]
        for slot in self.TIE_SLOTS:
            self.fields[f"tie_break_{slot}"] = forms.ChoiceField(
                label=_("Khi bằng tổng điểm, xét thứ {n}").format(n=slot - 1), choices=tie_choices, required=False,
                help_text=_("Đầu tiên luôn xét tổng điểm; sau đó lần lượt theo các lựa chọn này.") if slot == 2 else "",
            )
        for kind in QUOTA_KINDS:
            self.fields[f"quota_{kind}"] = forms.IntegerField(label=QUOTA_LABELS[kind], min_value=0, max_value=100)
        for kind in THRESHOLD_KINDS:
            label = THRESHOLD_LABELS[kind]
            self.fields[f"{kind}_base"] = forms.ChoiceField(
                label=_("%(kind)s: tính trên") % {"kind": label}, choices=[(b, BASE_LABELS[b]) for b in THRESHOLD_BASES]
            )
            self.fields[f"{kind}_percent"] = forms.DecimalField(
                label=_("%(kind)s: tỷ lệ (%%)") % {"kind": label}, max_digits=5, decimal_places=2, min_value=0.01, max_value=100
            )
            self.fields[f"{kind}_strict"] = forms.BooleanField(label=_("%(kind)s: phải vượt quá tỷ lệ") % {"kind": label}, required=False)
        for phase, label in Phase.choices:
            self.fields[f"deadline_{phase}"] = date_field(label)
        # the styling of StyledForm ran before these fields existed
        for name, field in self.fields.items():
            if "class" not in field.widget.attrs:
                css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control")
                field.widget.attrs["class"] = css
            del name

    def threshold_rows(self):
        return [(THRESHOLD_LABELS[k], self[f"{k}_base"], self[f"{k}_percent"], self[f"{k}_strict"]) for k in THRESHOLD_KINDS]

    def quota_fields(self):
        return [self[f"quota_{k}"] for k in QUOTA_KINDS]

    def deadline_fields(self):
        return [self[f"deadline_{p}"] for p in Phase.values]

    def rule_fields(self):
        return [self[n] for n in ("cross_scoring", "aggregation", *self.tie_break_names(), "quorum_percent", "evidence_required")]

    def tie_break_names(self) -> list[str]:
        return [f"tie_break_{slot}" for slot in self.TIE_SLOTS]

    def tie_break(self) -> list[str]:
        return ["total", *[self.cleaned_data[n] for n in self.tie_break_names() if self.cleaned_data.get(n)]]

    def clean(self):
        data = super().clean()
        chosen = [data.get(n) for n in self.tie_break_names() if data.get(n)]
        if len(set(chosen)) != len(chosen):
            self.add_error(self.tie_break_names()[-1], _("Mỗi tiêu chí xét khi bằng điểm chỉ được chọn một lần."))
        return data

    def document_fields(self):
        return [self["document_symbol"], self["covenant_type_code"]]

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            "cross_scoring": data["cross_scoring"], "aggregation": data["aggregation"],
            "tie_break": self.tie_break(), "evidence_required": data["evidence_required"],
            "quorum_percent": data["quorum_percent"], "document_symbol": data["document_symbol"],
            "covenant_type_code": data["covenant_type_code"],
            "quotas": {k: data[f"quota_{k}"] for k in QUOTA_KINDS},
            "thresholds": {
                k: {"base": data[f"{k}_base"], "percent": data[f"{k}_percent"], "strict": data[f"{k}_strict"]} for k in THRESHOLD_KINDS
            },
        }
        return changes

    def deadlines(self) -> dict:
        return {p: (self.cleaned_data.get(f"deadline_{p}") or None) for p in Phase.values}


class PlanForm(StyledForm):
    date = date_field(_("Ngày ban hành"), required=True)
    conference_date = date_field(_("Ngày tổ chức hội nghị"))
    conference_place = forms.CharField(label=_("Địa điểm hội nghị"), max_length=300, required=False)
    conference_time = forms.TimeField(
        label=_("Giờ khai mạc"), required=False, input_formats=["%H:%M", "%Hh%M", "%H giờ %M"],
        widget=forms.TimeInput(attrs={"placeholder": "08:00", "autocomplete": "off"}, format="%H:%M"),
    )
    reports_due = date_field(_("Hạn gửi báo cáo và bảng tự chấm điểm"))
    registration_due = date_field(_("Hạn đăng ký đại biểu dự hội nghị"))
    funding = forms.CharField(
        label=_("Kinh phí"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Kinh phí tổ chức Hội nghị do đơn vị đăng cai bảo đảm; chi phí đi lại, ăn, nghỉ của đại biểu "
                    "do đơn vị cử đại biểu chi trả."),
    )
    contact = forms.CharField(
        label=_("Đầu mối liên hệ"), max_length=300, required=False,
        help_text=_("Họ tên, chức vụ, số điện thoại của cán bộ đầu mối."),
    )
    signer = forms.CharField(label=_("Người ký (TM. Cụm trưởng)"), max_length=150, required=False)
    number = forms.IntegerField(
        label=_("Số do văn thư cấp (nếu có)"), required=False, min_value=1, max_value=99999,
        help_text=_("Để trống để lấy số tiếp theo trong sổ văn bản của đơn vị Cụm trưởng; số đã có trong sổ sẽ bị từ chối."),
    )


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=Phase.choices)
    reason = forms.CharField(required=False, max_length=1000)


TIE_BREAK_CHOICES = [(k, TIE_BREAK_LABELS[k]) for k in TIE_BREAK_KEYS]
