"""Reads of the information channel and the public portal. Published posts are public; a
draft exists only for the cluster's members and the organizer (404 for anyone else, never
403). The year's results are public once its conference is over (the year has reached the
proposals phase: its polls are closed); its ranking only once the conference has adopted
the year's summary report (thidua.reports), which carries it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.core.permissions import can
from thidua.cycle.awards import award_kinds_by_code
from thidua.cycle.phases import reached
from thidua.org.models import Cluster, ClusterYear, Organizer, Phase, Unit

from .models import Attachment, Comment, Post
from .slugs import cluster_slug, organizer_slug

OTHER_NEWS = 6


def _light(qs: QuerySet[Post]) -> QuerySet[Post]:
    return qs.select_related("cluster__organizer", "author_unit").prefetch_related("tags")


def published(*, cluster: Cluster | None = None, organizer: Organizer | None = None, kind: str | None = None) -> QuerySet[Post]:
    qs = Post.objects.filter(published_at__isnull=False)
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    if organizer is not None:
        qs = qs.filter(cluster__organizer=organizer)
    if kind:
        qs = qs.filter(kind=kind)
    return _light(qs).order_by("-published_at", "-pk")


def search(qs: QuerySet[Post], q: str) -> QuerySet[Post]:
    """Posts whose title, summary or tags contain `q` (the portal's search: over what `qs`
    allows, i.e. published posts only)."""
    if not q:
        return qs
    return qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(tags__name__icontains=q)).distinct()


def readable_posts(user, *, cluster_ids=None, organizer_id=None, kind=None) -> QuerySet[Post]:
    """Published posts, plus the drafts of the clusters `user` may read drafts of (members,
    the organizer, an admin)."""
    drafts = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        if user.is_superuser:
            drafts = Q()
        elif user.is_organizer_officer and user.organizer_id:
            drafts = Q(cluster__organizer_id=user.organizer_id)
        if user.unit_id:
            drafts |= Q(cluster__years__memberships__unit_id=user.unit_id)
    qs = Post.objects.filter(Q(published_at__isnull=False) | drafts)
    if cluster_ids is not None:
        qs = qs.filter(cluster_id__in=cluster_ids)
    if organizer_id:
        qs = qs.filter(cluster__organizer_id=organizer_id)
    if kind:
        qs = qs.filter(kind=kind)
    return _light(qs.distinct()).order_by("-published_at", "-created_at", "-pk")


def post_for(user, pk: int) -> Post:
    """A post for the members' pages: published, or a draft the user may read; 404 otherwise."""
    post = _light(Post.objects.filter(pk=pk)).first()
    if post is None or (not post.is_published and not can(user, "channel.view_drafts", post)):
        raise Http404
    return post


def cluster_posts(user, cluster: Cluster) -> QuerySet[Post]:
    if can(user, "channel.view_drafts", cluster):
        return _light(Post.objects.filter(cluster=cluster)).order_by("-published_at", "-created_at", "-pk")
    return published(cluster=cluster)


def comments_of(post: Post) -> list[Comment]:
    return list(post.comments.select_related("unit", "author"))


def attachments_of(post: Post) -> list[Attachment]:
    return list(post.attachments.all())


def attachment_for(user, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("post__cluster").filter(pk=pk).first()
    if attachment is None or (not attachment.post.is_published and not can(user, "channel.view_drafts", attachment.post)):
        raise Http404
    return attachment


# --- the public portal -----------------------------------------------------------------------------
def organizers() -> list[Organizer]:
    return list(Organizer.objects.order_by("name"))


def organizer_by_slug(slug: str) -> Organizer:
    for organizer in Organizer.objects.order_by("pk"):
        if organizer_slug(organizer) == slug:
            return organizer
    raise Http404


def clusters_of(organizer: Organizer) -> list[Cluster]:
    return list(Cluster.objects.filter(organizer=organizer).order_by("name"))


def cluster_by_slug(organizer: Organizer, slug: str) -> Cluster:
    for cluster in Cluster.objects.filter(organizer=organizer).select_related("organizer").order_by("pk"):
        if cluster_slug(cluster) == slug:
            return cluster
    raise Http404


def public_post_or_404(pk: int) -> Post:
    post = _light(Post.objects.filter(pk=pk, published_at__isnull=False)).first()
    if post is None:
        raise Http404
    return post


def other_posts(post: Post, n: int = OTHER_NEWS) -> list[Post]:
    """"Các tin khác": the cluster's other published posts, newest first, filled up with the
    organizer's other clusters' (as on the seeds' page, where Cụm 3's 2022 article lists
    Cụm II's 2017 one)."""
    own = list(published(cluster=post.cluster).exclude(pk=post.pk)[:n])
    if len(own) < n:
        others = published(organizer=post.cluster.organizer).exclude(cluster_id=post.cluster_id)
        own += list(others[: n - len(own)])
    return own


def results_public(cluster_year: ClusterYear) -> bool:
    """The year's results are public once its conference is over (its polls closed)."""
    return reached(cluster_year, Phase.PROPOSALS)


def ranking_adopted(cluster_year: ClusterYear) -> bool:
    """The conference adopted the year's summary report, whose ranking is then the year's
    official one. Moving the year on to the proposals phase alone says nothing of it: a
    ranking nobody adopted is never public."""
    from thidua.reports.models import ReportVersion

    return ReportVersion.objects.filter(report__cluster_year=cluster_year, state=ReportVersion.State.ADOPTED).exists()


def results_years(cluster: Cluster) -> list[ClusterYear]:
    """The years whose results are public."""
    years = ClusterYear.objects.filter(cluster=cluster).order_by("-year")
    return [cy for cy in years if results_public(cy)]


@dataclass
class PollResult:
    title: str
    kind: str
    lines: list = field(default_factory=list)


@dataclass
class YearResults:
    cluster_year: ClusterYear
    ranking_adopted: bool = False
    ranking: list = field(default_factory=list)  # (rank, unit, total), only once adopted
    polls: list[PollResult] = field(default_factory=list)
    awards: list = field(default_factory=list)  # (award name, unit, decision)


def year_results(cluster_year: ClusterYear) -> YearResults:
    """The year's published results (only for years whose conference is over)."""
    from thidua.awards.models import Award
    from thidua.scoring.selectors.ranking import ranking
    from thidua.voting.models import Poll
    from thidua.voting.selectors import result_lines

    if not results_public(cluster_year):
        raise Http404
    results = YearResults(cluster_year, ranking_adopted=ranking_adopted(cluster_year))
    if results.ranking_adopted:
        results.ranking = [(line.rank, line.unit, line.total) for line in ranking(cluster_year).ranked]
    for poll in Poll.objects.filter(cluster_year=cluster_year, state=Poll.State.CLOSED).order_by("pk"):
        results.polls.append(PollResult(poll.title, poll.kind, result_lines(poll)))
    kinds = award_kinds_by_code()
    member_ids = cluster_year.memberships.values("unit_id")
    awards = Award.objects.filter(
        year=cluster_year.year, unit_id__in=member_ids, revoked=False, decision__organizer_id=cluster_year.cluster.organizer_id
    ).select_related("unit", "decision")
    results.awards = [(kinds[a.award].name if a.award in kinds else a.award, a.unit, a.decision) for a in awards]
    return results


def registry_search(*, organizer: Organizer | None = None, year=None, kind=None, province=None, q=None):
    """The public award registry: the national registry's search as an anonymous visitor
    sees it (non-revoked awards)."""
    from thidua.awards.registry import search

    return search(None, organizer=organizer, year=year, kind=kind, province=province, q=q)


def units_with_awards(organizer: Organizer) -> QuerySet[Unit]:
    return Unit.objects.filter(awards__decision__organizer=organizer).distinct()
