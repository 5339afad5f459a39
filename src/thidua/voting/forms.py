"""Forms of the conference and vote pages. They check the shape of the input with
Vietnamese messages; the rules live in services.py, whose errors the views put back with
add_domain_errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.cycle.forms import date_field
from thidua.org.forms import StyledForm, add_domain_errors  # noqa: F401  (re-exported)
from thidua.org.models import Unit

from .models import Delegate, Poll

LINES_HELP = _("Mỗi dòng một mục.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ConferenceForm(StyledForm):
    date = date_field(_("Ngày khai mạc"))
    end_date = date_field(_("Đến ngày"), help_text=_("Khi hội nghị họp nhiều ngày"))
    starts_at = forms.TimeField(label=_("Giờ khai mạc"), required=False, input_formats=["%H:%M", "%Hh%M", "%H giờ %M"],
                                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), help_text=_("Ví dụ: 08:00"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    host_unit = forms.TypedChoiceField(label=_("Đơn vị đăng cai"), required=False, coerce=int, empty_value=None)
    guests = forms.CharField(label=_("Khách mời"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_(
        "Mỗi dòng một khách mời: người hoặc cơ quan, ví dụ “Đồng chí Nguyễn Văn A, Thứ trưởng Bộ Ngoại giao”. Có tên trong giấy mời "
        "và nơi nhận."))
    guests_present = forms.CharField(label=_("Khách mời có mặt (cho biên bản)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}), help_text=LINES_HELP)
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=LINES_HELP)
    chair = forms.CharField(label=_("Chủ tọa"), max_length=200, required=False)
    secretary = forms.CharField(label=_("Thư ký"), max_length=200, required=False)
    counting_committee = forms.CharField(label=_("Ban kiểm phiếu"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                         help_text=_("Mỗi dòng một người: họ và tên, chức vụ, đơn vị. Người đầu tiên là Trưởng ban."))
    content = forms.CharField(label=_("Diễn biến, nội dung hội nghị (cho biên bản)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, members: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].choices = [("", _("— Chưa chọn —"))] + [(u.pk, u.name) for u in members]
        self.units = {u.pk: u for u in members}

    @classmethod
    def initial_from(cls, conference) -> dict:
        return {
            "date": conference.date, "end_date": conference.end_date, "place": conference.place, "host_unit": conference.host_unit_id,
            "starts_at": conference.starts_at, "guests": "\n".join(conference.guests),
            "guests_present": "\n".join(conference.guests_present), "agenda": "\n".join(conference.agenda), "chair": conference.chair,
            "secretary": conference.secretary, "counting_committee": "\n".join(conference.counting_committee),
            "content": conference.content,
        }

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["host_unit"] = self.units.get(data["host_unit"]) if data.get("host_unit") else None
        for name in ("guests", "guests_present", "agenda", "counting_committee"):
            data[name] = _lines(data[name])
        return data


class DelegateForm(StyledForm):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại đại biểu"), choices=Delegate.Kind.choices, initial=Delegate.Kind.VOTING)
    user = forms.TypedChoiceField(label=_("Tài khoản bỏ phiếu"), coerce=int, required=False, empty_value=None,
                                  help_text=_("Người biểu quyết đăng nhập bằng tài khoản này để bỏ phiếu."))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    authorisation = forms.CharField(label=_("Giấy ủy quyền"), max_length=300, required=False,
                                    help_text=_("Số, ngày và người ký giấy ủy quyền, khi người biểu quyết không phải "
                                                "người đứng đầu đơn vị."))

    def __init__(self, *args, units: list[Unit], accounts: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["user"].choices = [("", _("— Không có tài khoản —"))] + [
            (a.pk, f"{a.full_name or a.username} ({a.username})") for a in accounts
        ]


class PollForm(StyledForm):
    kind = forms.ChoiceField(label=_("Nội dung"), choices=Poll.Kind.choices)
    title = forms.CharField(label=_("Câu hỏi biểu quyết"), max_length=300,
                            error_messages={"required": _("Cần nội dung câu hỏi biểu quyết.")})
    method = forms.ChoiceField(label=_("Cách bỏ phiếu"), choices=Poll.Method.choices)
    max_choices = forms.IntegerField(label=_("Số đơn vị được chọn tối đa trên mỗi phiếu"), min_value=1, max_value=100)
    seats = forms.IntegerField(label=_("Số suất"), min_value=1, max_value=100)
    threshold_base = forms.ChoiceField(label=_("Tỷ lệ tính trên"), choices=Poll.Base.choices)
    threshold_percent = forms.DecimalField(label=_("Tỷ lệ (%)"), min_value=0, max_value=100, decimal_places=2)
    threshold_strict = forms.BooleanField(label=_("Phải vượt tỷ lệ (“trên”, không tính bằng)"), required=False)
    mode = forms.ChoiceField(label=_("Hình thức"), choices=Poll.Mode.choices, initial=Poll.Mode.ELECTRONIC)
    candidates = forms.TypedMultipleChoiceField(label=_("Đơn vị được đề cử"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                                error_messages={"required": _("Cần ít nhất một đơn vị được đề cử.")})
    departure_reason = forms.CharField(label=_("Lý do danh sách khác kết quả xếp hạng"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publish_receipts = forms.BooleanField(
        label=_("Công bố danh sách phiếu kèm mã biên nhận"), required=False, initial=True,
        help_text=_("Có: mỗi đại biểu tự tra được phiếu của mình (nhưng cũng có thể dùng mã để chứng minh mình đã bầu thế nào). "
                    "Không: phiếu được công bố không kèm mã, không ai chứng minh được lá phiếu của mình; đại biểu chỉ đối chiếu "
                    "được số phiếu với số đơn vị đã bỏ phiếu."),
    )

    def __init__(self, *args, members: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(u.pk, u.name) for u in members]
        self.units = {u.pk: u for u in members}

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"], "title": d["title"], "method": d["method"], "max_choices": d["max_choices"], "seats": d["seats"],
            "threshold": {"base": d["threshold_base"], "percent": d["threshold_percent"], "strict": d["threshold_strict"]},
            "mode": d["mode"], "candidates": [self.units[i] for i in d["candidates"] if i in self.units],
            "departure_reason": d["departure_reason"], "notes": d["notes"], "publish_receipts": d["publish_receipts"],
        }

    @classmethod
    def initial_from(cls, poll: Poll, candidate_ids: list[int]) -> dict:
        return {
            "kind": poll.kind, "title": poll.title, "method": poll.method, "max_choices": poll.max_choices, "seats": poll.seats,
            "threshold_base": poll.threshold_base, "threshold_percent": poll.threshold_percent,
            "threshold_strict": poll.threshold_strict, "mode": poll.mode, "candidates": candidate_ids,
            "departure_reason": poll.departure_reason, "notes": poll.notes, "publish_receipts": poll.publish_receipts,
        }


class PaperForm(StyledForm):
    issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0)
    returned = forms.IntegerField(label=_("Số phiếu thu về"), min_value=0)
    valid = forms.IntegerField(label=_("Số phiếu hợp lệ"), min_value=0)
    invalid = forms.IntegerField(label=_("Số phiếu không hợp lệ"), min_value=0)

    def __init__(self, *args, candidates: list[Unit], yes_no: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates, self.yes_no = candidates, yes_no
        answers = [("yes", _("đồng ý")), ("no", _("không đồng ý")), ("abstain", _("không ý kiến"))] if yes_no else [("votes", "")]
        self.rows = []
        for unit in candidates:
            names = []
            for key, label in answers:
                name = f"v_{unit.pk}_{key}"
                self.fields[name] = forms.IntegerField(label=f"{unit.name} {label}".strip(), min_value=0, initial=0,
                                                       widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}))
                names.append(name)
            self.rows.append((unit, [self[n] for n in names]))

    @classmethod
    def initial_from(cls, poll: Poll) -> dict:
        """The figures entered so far, or the number of ballots issued (the roll) to start."""
        if not poll.paper:
            return {"issued": len(poll.roll)}
        initial = {k: getattr(poll.paper, k) for k in ("issued", "returned", "valid", "invalid")}
        for key, value in poll.paper.votes.items():
            if isinstance(value, dict):
                initial.update({f"v_{key}_{a}": n for a, n in value.items()})
            else:
                initial[f"v_{key}_votes"] = value
        return initial

    def figures(self) -> dict:
        d = self.cleaned_data
        votes: dict = {}
        for unit in self.candidates:
            if self.yes_no:
                votes[str(unit.pk)] = {a: d.get(f"v_{unit.pk}_{a}") or 0 for a in ("yes", "no", "abstain")}
            else:
                votes[str(unit.pk)] = d.get(f"v_{unit.pk}_votes") or 0
        return {"issued": d["issued"], "returned": d["returned"], "valid": d["valid"], "invalid": d["invalid"], "votes": votes}


def ballot_from_post(poll: Poll, post, candidates) -> tuple[list[int] | None, dict | None]:
    """The phone ballot's post: (choices, None) — the chosen units' ids, non-numbers
    dropped — or, for a yes/no poll, (None, answers) — each candidate's answer, abstain
    when missing. The rules (how many, which) are checked by validation.ballot_validate."""
    if poll.method == Poll.Method.YES_NO:
        return None, {str(u.pk): post.get(f"a_{u.pk}", "abstain") for u in candidates}
    return [int(v) for v in post.getlist("choice") if str(v).isdigit()], None
