"""The document-number registry: one counter per (issuing unit, issuer symbol, document
type, year), and a record of every number handed out; the documents signed digitally and
the uploaded signed PDFs checked. Fields and database invariants only; numbers are handed
out by `numbering.document_number_issue`, signatures made and checked by `signing`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Unit

from .document import DocumentNumber


class NumberCounter(models.Model):
    """The last number given for one (unit, issuer symbol, type, year). Numbers restart
    every 1 January (a new year is a new row) and the counter never goes back, so no
    number is ever given twice, even if an issued document's record were removed."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị phát hành"))
    issuer_symbol = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=20)
    doc_type = models.CharField(_("loại văn bản"), max_length=10, blank=True, help_text=_("Để trống cho công văn"))
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "issuer_symbol", "doc_type", "year"], name="number_counter_unique"),
        ]
        verbose_name = _("bộ đếm số văn bản")
        verbose_name_plural = _("bộ đếm số văn bản")

    def __str__(self) -> str:
        return f"{self.unit} {self.doc_type or 'CV'}-{self.issuer_symbol} {self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    """A number handed out: "91/KH-CTĐ" of the Sở Ngoại vụ tỉnh Quảng Nam, 23/11/2022."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issued_documents", verbose_name=_("đơn vị phát hành"))
    issuer_symbol = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=20)
    doc_type = models.CharField(_("loại văn bản"), max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    date = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=500)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người cấp số")
    )
    created_at = models.DateTimeField(_("thời điểm cấp số"), auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "-year", "issuer_symbol", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "issuer_symbol", "doc_type", "year", "number"], name="issued_document_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_document_number_positive"),
        ]
        verbose_name = _("văn bản đã cấp số")
        verbose_name_plural = _("văn bản đã cấp số")

    def __str__(self) -> str:
        return f"{self.document_number} ({self.date:%d/%m/%Y})"

    @property
    def document_number(self) -> DocumentNumber:
        return DocumentNumber(self.number, self.doc_type, self.issuer_symbol)


def _signed_path(instance, filename: str) -> str:
    # A random name: the path says nothing about the cluster or the document.
    return f"documents/signed/{uuid.uuid4().hex}.pdf"


def _checked_path(instance, filename: str) -> str:
    return f"documents/checked/{uuid.uuid4().hex}.pdf"


class SignedDocument(models.Model):
    """A document's PDF signed digitally (PAdES) by a unit's head with the unit's
    certificate: the signed file (under MEDIA_ROOT, served only through the document's
    page and its permission checks), whose it is and what signed it. The certificate and
    its passphrase are never kept (decision 0013)."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("năm thi đua"))
    #: which of the year's documents: "ke-hoach", "giao-uoc", "giay-moi", "bien-ban-hoi-nghi"…
    kind = models.CharField(_("loại văn bản"), max_length=40)
    issued_document = models.ForeignKey(
        IssuedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("số văn bản")
    )
    title = models.CharField(_("văn bản"), max_length=300)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ký"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người ký")
    )
    signed_at = models.DateTimeField(_("thời điểm ký"))
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=500)
    certificate_issuer = models.CharField(_("tổ chức cấp chứng thư"), max_length=500)
    certificate_serial = models.CharField(_("số hiệu chứng thư"), max_length=100)
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)
    sha256 = models.CharField(_("mã SHA-256 của tệp đã ký"), max_length=64)
    file = models.FileField(upload_to=_signed_path, max_length=200)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["cluster_year", "kind"], name="signed_document_year_kind")]
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = _("văn bản đã ký số")

    def __str__(self) -> str:
        return f"{self.title} ({self.certificate_subject})"


class SignatureCheck(ChoiceLabels, models.Model):
    """A signed PDF uploaded to be verified (the Ministry's signed decision, a signed
    report) and what the verification found, kept with the file. Seen only by the
    uploader's unit (or the uploader, without a unit)."""

    class Verdict(models.TextChoices):
        TRUSTED = "trusted", _("Chữ ký hợp lệ, toàn vẹn, chứng thư do tổ chức tin cậy cấp")
        UNTRUSTED = "untrusted", _("Chữ ký toàn vẹn nhưng chưa xác minh được nguồn cấp chứng thư")
        MODIFIED = "modified", _("Tệp đã được bổ sung, sửa đổi sau khi ký")
        BROKEN = "broken", _("Chữ ký không hợp lệ: văn bản đã bị thay đổi sau khi ký")
        UNSIGNED = "unsigned", _("Tệp PDF không có chữ ký số")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã SHA-256"), max_length=64)
    file = models.FileField(upload_to=_checked_path, max_length=200)
    verdict = models.CharField(_("kết luận"), max_length=20, choices=Verdict.choices)
    #: one entry per signature: signer, organisation, time, intact, trusted, coverage…
    signatures = models.JSONField(_("các chữ ký"), default=list)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("kiểm tra chữ ký số")
        verbose_name_plural = _("kiểm tra chữ ký số")

    def __str__(self) -> str:
        return f"{self.original_name}: {self.get_verdict_display()}"
