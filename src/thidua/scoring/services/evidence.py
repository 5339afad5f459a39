"""Evidence files (minh chứng) a unit attaches to a criterion of its self-assessment: upload
(checked by scoring/evidence.py) and delete while the sheet is a draft."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput
from thidua.org.models import ClusterYear, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from ..evidence import CONTENT_TYPES, check_and_hash, clean_name
from ..models import Evidence, ScoreSheet
from .entries import _check_draft, _sheet_for_update
from .self_assessment import _check_self


@transaction.atomic
def evidence_upload(*, actor, cluster_year: ClusterYear, unit: Unit, criterion_code: str, uploaded) -> Evidence:
    """Attach a file to a criterion of the unit's draft self-assessment. The type is
    checked by content, the size against SCORING_EVIDENCE_MAX_BYTES; the file is stored
    under MEDIA_ROOT/evidence/<random>/ and only ever served by a permission-checked view."""
    cluster_year = _locked(cluster_year)
    table = _check_self(actor, cluster_year, unit)
    sheet = _sheet_for_update(cluster_year, unit, unit)
    _check_draft(sheet)
    criterion = next((c for c in table.criteria.all() if c.code == (criterion_code or "").strip()), None)
    if criterion is None:
        raise InvalidInput(_("Không có tiêu chí mã “{code}” trong bảng tiêu chí.").format(code=criterion_code), field="criterion")
    if uploaded is None:
        raise InvalidInput(_("Chưa chọn tệp minh chứng."), field="file")
    file_type, sha256, size = check_and_hash(uploaded)
    if sheet is None:
        sheet = ScoreSheet.objects.create(cluster_year=cluster_year, table=table, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF)
    evidence = Evidence(
        sheet=sheet, criterion=criterion, file_type=file_type, original_name=clean_name(uploaded.name),
        content_type=CONTENT_TYPES[file_type], size=size, sha256=sha256, uploaded_by=actor,
    )  # fmt: skip
    evidence.file.save("file", uploaded, save=False)
    stored = evidence.file.name
    try:
        evidence.save()
        _audit(
            actor, "evidence.upload", evidence, cluster_year,
            after={"criterion": criterion.code, "name": evidence.original_name, "size": size, "sha256": sha256, "type": file_type},
        )  # fmt: skip
    except BaseException:  # nothing saved: the stored file goes too
        evidence.file.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    sheet = evidence.sheet
    cluster_year = _locked(sheet.cluster_year)
    _check_self(actor, cluster_year, sheet.unit)
    _check_draft(ScoreSheet.objects.select_for_update().get(pk=sheet.pk))
    name, storage = evidence.file.name, evidence.file.storage
    _audit(actor, "evidence.delete", evidence, cluster_year, before={"criterion": evidence.criterion.code, "name": evidence.original_name,
                                                                    "sha256": evidence.sha256})
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
