from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Post


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại bài"), choices=Post.Kind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Soạn như trong trình soạn thảo văn bản: đoạn văn, tiêu đề, danh sách, trích dẫn, liên kết; dán từ Word giữ đoạn "
                    "văn, danh sách và bảng. Màu chữ, cỡ chữ, phông chữ và mã script bị bỏ khi lưu; ảnh thêm ở mục tệp đính kèm."),
    )
    tags = forms.CharField(label=_("Thẻ"), required=False, help_text=_("Cách nhau bởi dấu phẩy"))
    publish = forms.BooleanField(label=_("Đăng công khai ngay"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "publish" else ("form-select" if name == "kind" else "form-control")
            field.widget.attrs.setdefault("class", css)
