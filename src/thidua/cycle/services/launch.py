"""The launch (phát động): the leader's title, goals and items, saved as a draft and
published to the cluster's members."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import snapshot
from thidua.core.errors import Conflict
from thidua.core.errors import raise_errors as _raise
from thidua.org.models import ClusterYear, Phase

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import phases
from ..models import Launch
from ..phase_service import cluster_year_set_phase
from .common import MAX_ITEM, MAX_ITEMS, MAX_TEXT


def _clean_launch(title, goals, items) -> tuple[str, str, list[str]]:
    errors: dict[str, list[str]] = {}
    title = title.strip() if isinstance(title, str) else ""
    goals = goals.strip() if isinstance(goals, str) else ""
    if not title:
        errors["title"] = [_("Tiêu đề không được để trống.")]
    elif len(title) > 300:
        errors["title"] = [_("Tiêu đề dài quá 300 ký tự.")]
    if len(goals) > MAX_TEXT:
        errors["goals"] = [_("Mục tiêu dài quá {n} ký tự.").format(n=MAX_TEXT)]
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        errors["items"] = [_("Nội dung thi đua phải là một danh sách các đoạn văn bản.")]
        items = []
    items = [" ".join(i.split()) for i in items]
    items = [i for i in items if i]
    if "items" not in errors:
        if not items:
            errors["items"] = [_("Cần ít nhất một nội dung thi đua.")]
        elif len(items) > MAX_ITEMS:
            errors["items"] = [_("Tối đa {n} nội dung thi đua.").format(n=MAX_ITEMS)]
        elif any(len(i) > MAX_ITEM for i in items):
            errors["items"] = [_("Mỗi nội dung thi đua tối đa {n} ký tự.").format(n=MAX_ITEM)]
    _raise(errors)
    return title, goals, items


@transaction.atomic
def launch_save(*, actor, cluster_year: ClusterYear, title: str, goals: str = "", items: list[str]) -> Launch:
    """Write (or rewrite) the launch of the year's movement (the secretariat or the
    organizer), while the year is being prepared or launched."""
    phases.require_role(actor, "cycle.edit_launch", cluster_year)
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "edit_launch")
    title, goals, items = _clean_launch(title, goals, items)
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    before = snapshot(launch, exclude=("updated_at",)) if launch else None
    if launch is None:
        launch = Launch(cluster_year=cluster_year)
    launch.title, launch.goals, launch.items = title, goals, items
    launch.save()
    after = snapshot(launch, exclude=("updated_at",))
    if after != before:
        _audit(actor, "launch.save", launch, cluster_year, before=before, after=after)
    return launch


@transaction.atomic
def launch_publish(*, actor, cluster_year: ClusterYear) -> Launch:
    """Publish the launch to the members (the leader unit or the organizer). A year still
    being prepared moves to the "launched" phase with it."""
    phases.require_role(actor, "cycle.publish_launch", cluster_year)
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "publish_launch")
    launch = Launch.objects.select_for_update().filter(cluster_year=cluster_year).first()
    if launch is None:
        raise Conflict(_("Chưa có nội dung phát động để công bố."))
    if launch.is_published:
        day = timezone.localtime(launch.published_at).strftime("%d/%m/%Y")
        raise Conflict(_("Nội dung phát động đã được công bố ngày {day}.").format(day=day))
    launch.published_at, launch.published_by = timezone.now(), actor
    launch.save(update_fields=["published_at", "published_by"])
    _audit(actor, "launch.publish", launch, cluster_year, after={"published_at": launch.published_at})
    if cluster_year.phase == Phase.PREPARING:
        cluster_year_set_phase(actor=actor, cluster_year=cluster_year, phase=Phase.LAUNCHED)
    return launch
