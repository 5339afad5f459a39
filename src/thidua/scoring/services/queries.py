"""Queries (đề nghị giải trình): a scorer asks a unit to explain a criterion, the unit
replies with text and files."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.cycle.phases import has_role, require_phase, require_role
from thidua.org.models import ClusterYear, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import notices
from ..evidence import CONTENT_TYPES, check_and_hash, clean_name
from ..models import Criterion, ScoreQuery, ScoreQueryReply, ScoreQueryReplyFile, ScoreSheet
from ..rules import SheetRef
from .common import QUERY_MAX, _member


def _clean_text(text, field: str = "text", limit: int = QUERY_MAX) -> str:
    text = (text or "").strip() if isinstance(text, str) or text is None else None
    if not text:
        raise InvalidInput(_("Cần nhập nội dung."), field=field)
    if len(text) > limit:
        raise InvalidInput(_("Nội dung dài quá {n} ký tự.").format(n=limit), field=field)
    return text


@transaction.atomic
def score_query_ask(*, actor, cluster_year: ClusterYear, unit: Unit, scorer: Unit, criterion_code: str, text: str) -> ScoreQuery:
    """A scorer asks the unit to explain (giải trình) one criterion of its self-assessment."""
    cluster_year = _locked(cluster_year)
    _member(cluster_year, unit)
    _member(cluster_year, scorer)
    message = _("Chỉ cán bộ thi đua của đơn vị được phân công chấm mới được đề nghị giải trình.")
    require_role(actor, "scoring.ask_query", SheetRef(cluster_year, unit, scorer), message)
    require_phase(cluster_year, "query_score")
    sheet = ScoreSheet.objects.filter(cluster_year=cluster_year, unit=unit, scorer=unit).first()
    if sheet is None or sheet.snapshot is None:
        raise Conflict(_("{unit} chưa nộp bảng tự chấm điểm.").format(unit=unit))
    criterion = Criterion.objects.filter(table_id=sheet.table_id, code=(criterion_code or "").strip()).first()
    if criterion is None:
        raise InvalidInput(_("Không có tiêu chí mã “{code}” trong bảng tiêu chí.").format(code=criterion_code), field="criterion")
    query = ScoreQuery.objects.create(sheet=sheet, criterion=criterion, scorer=scorer, asked_by=actor, text=_clean_text(text))
    _audit(actor, "score_query.ask", query, cluster_year, after={"unit": unit.pk, "scorer": scorer.pk, "criterion": criterion.code,
                                                                 "text": query.text})
    notices.tell_query_asked(cluster_year, query, unit, scorer, actor)
    return query


REPLY_FILES_MAX = 5


def _checked_files(uploads) -> list[tuple[object, str, str, int]]:
    """[(upload, type, sha256, size)] of a reply's files, each checked by content like
    evidence; InvalidInput (nothing saved) for the first one refused."""
    uploads = [u for u in (uploads or []) if u is not None]
    if len(uploads) > REPLY_FILES_MAX:
        raise InvalidInput(_("Mỗi trả lời kèm tối đa {n} tệp.").format(n=REPLY_FILES_MAX), field="files")
    return [(u, *check_and_hash(u)) for u in uploads]


def _store_reply_files(reply: ScoreQueryReply, checked, stored: list[str]) -> list[dict]:
    """Save the checked files of a reply under MEDIA_ROOT (their storage names appended to
    `stored`, for the caller to delete if the transaction fails)."""
    saved = []
    for uploaded, file_type, sha256, size in checked:
        item = ScoreQueryReplyFile(reply=reply, file_type=file_type, original_name=clean_name(uploaded.name),
                                   content_type=CONTENT_TYPES[file_type], size=size, sha256=sha256)
        item.file.save("file", uploaded, save=False)
        stored.append(item.file.name)
        item.save()
        saved.append({"name": item.original_name, "size": size, "sha256": sha256, "type": file_type})
    return saved


@transaction.atomic
def score_query_reply(*, actor, query: ScoreQuery, text: str, files=()) -> ScoreQueryReply:
    """The unit answers (marks the query answered), or the asking scorer follows up; a
    reply may carry files (checked by content like evidence)."""
    sheet = query.sheet
    cluster_year = _locked(sheet.cluster_year)
    require_phase(cluster_year, "query_score")
    if has_role(actor, "scoring.answer_query", SheetRef(cluster_year, sheet.unit)):
        unit, answered = sheet.unit, True
    elif has_role(actor, "scoring.ask_query", SheetRef(cluster_year, sheet.unit, query.scorer)):
        unit, answered = query.scorer, False
    else:
        raise Forbidden(_("Chỉ đơn vị được hỏi hoặc đơn vị đã đề nghị giải trình được trả lời."))
    clean = _clean_text(text)
    checked = _checked_files(files)  # every file checked before anything is written
    reply = ScoreQueryReply.objects.create(query=query, unit=unit, author=actor, text=clean)
    ScoreQuery.objects.filter(pk=query.pk).update(answered=answered)
    query.answered = answered
    stored: list[str] = []
    try:
        saved = _store_reply_files(reply, checked, stored)
        after = {"query": query.pk, "unit": unit.pk, "text": reply.text} | ({"files": saved} if saved else {})
        _audit(actor, "score_query.reply", reply, cluster_year, after=after)
        notices.tell_query_replied(cluster_year, query, reply, actor)
    except BaseException:  # nothing saved: the stored files go too
        for name in stored:
            ScoreQueryReplyFile.file.field.storage.delete(name)
        raise
    return reply
