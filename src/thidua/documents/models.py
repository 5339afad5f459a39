"""The document-number registry: one counter per (issuing unit, issuer symbol, document
type, year), and a record of every number handed out. Fields and database invariants
only; numbers are handed out by `numbering.document_number_issue`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Unit

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
        ordering = ["unit", "-year", "issuer_symbol", "doc_type", "-number"]
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
