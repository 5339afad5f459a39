"""The public portal (no sign-in): per organizer and per cluster, the published news and
good practice, the years' published results, the award registry, feeds. Every page is
rendered once and kept in the shared cache (channel/cache.py); only the visitor counter,
counted in the cache (channel/counter.py), is filled in per request."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.cycle.awards import award_kinds

from . import counter, selectors
from .cache import cached_html
from .models import Post
from .presenters import KIND_SLUGS, SLUG_KINDS, absolute, public_url
from .sanitize import plain_text

PAGE_SIZE = 12
VISITORS = "<!--td-visitors-->"


def _respond(request, html: str) -> HttpResponse:
    counter.count_visit(counter.client_key(request))
    box = render_to_string("channel/portal/_visitors.html", {"stats": counter.stats()})
    return HttpResponse(html.replace(VISITORS, box, 1))


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("trang", "1")), 10_000))
    except ValueError:
        return 1


def _kind(kind_slug: str | None) -> str | None:
    if kind_slug is None:
        return None
    if kind_slug not in SLUG_KINDS:
        raise Http404
    return SLUG_KINDS[kind_slug]


@require_GET
def home(request):
    def build():
        organizers = selectors.organizers()
        latest = list(selectors.published()[:8])
        return render_to_string("channel/portal/home.html", {"organizers": organizers, "posts": latest})

    return _respond(request, cached_html("home", (), build))


@require_GET
def organizer_home(request, org: str):
    organizer = selectors.organizer_by_slug(org)

    def build():
        return render_to_string("channel/portal/organizer.html", {
            "organizer": organizer, "org": org, "clusters": selectors.clusters_of(organizer),
            "news": list(selectors.published(organizer=organizer, kind=Post.Kind.NEWS)[:8]),
            "practice": list(selectors.published(organizer=organizer, kind=Post.Kind.PRACTICE)[:5]),
        })

    return _respond(request, cached_html("organizer", (organizer.pk,), build))


@require_GET
def cluster_home(request, org: str, cluster: str):
    organizer = selectors.organizer_by_slug(org)
    the_cluster = selectors.cluster_by_slug(organizer, cluster)

    def build():
        return render_to_string("channel/portal/cluster.html", {
            "organizer": organizer, "cluster": the_cluster, "org": org, "cslug": cluster,
            "news": list(selectors.published(cluster=the_cluster, kind=Post.Kind.NEWS)[:8]),
            "practice": list(selectors.published(cluster=the_cluster, kind=Post.Kind.PRACTICE)[:5]),
            "years": selectors.results_years(the_cluster),
        })

    return _respond(request, cached_html("cluster", (the_cluster.pk,), build))


@require_GET
def post_list(request, org: str, kind_slug: str, cluster: str | None = None):
    organizer = selectors.organizer_by_slug(org)
    the_cluster = selectors.cluster_by_slug(organizer, cluster) if cluster else None
    kind = _kind(kind_slug)
    number = _page(request)
    q = " ".join(request.GET.get("q", "").split())[:100]

    def build():
        qs = selectors.search(selectors.published(cluster=the_cluster, organizer=organizer, kind=kind), q)
        page = Paginator(qs, PAGE_SIZE).get_page(number)
        return render_to_string("channel/portal/list.html", {
            "organizer": organizer, "cluster": the_cluster, "org": org, "cslug": cluster, "kind": kind,
            "kind_label": Post.Kind(kind).label, "page": page, "kind_slug": kind_slug, "q": q,
        })

    parts = (organizer.pk, the_cluster.pk if the_cluster else None, kind, number, q)
    return _respond(request, cached_html("list", parts, build))


@require_GET
def article(request, org: str, cluster: str, pk: int, slug: str):
    post = selectors.public_post_or_404(pk)
    canonical = public_url(post)
    if request.path != canonical:
        return redirect(canonical, permanent=True)

    def build():
        images = [a for a in post.attachments.all() if a.is_image]
        files = [a for a in post.attachments.all() if not a.is_image]
        return render_to_string("channel/portal/article.html", {
            "post": post, "cluster": post.cluster, "organizer": post.cluster.organizer, "org": org, "cslug": cluster,
            "images": images, "files": files, "others": selectors.other_posts(post),
            "og_url": absolute(request, canonical), "og_description": post.summary or plain_text(post.body_html, 200),
            "og_image": absolute(request, reverse("channel_attachment", args=[images[0].pk])) if images else "",
            "kind_slug": KIND_SLUGS[post.kind],
        })

    return _respond(request, cached_html("article", (post.pk,), build))


@require_GET
def results(request, org: str, cluster: str, year: int):
    organizer = selectors.organizer_by_slug(org)
    the_cluster = selectors.cluster_by_slug(organizer, cluster)
    cluster_year = the_cluster.years.filter(year=year).first()
    if cluster_year is None or not selectors.results_public(cluster_year):
        raise Http404

    def build():
        return render_to_string("channel/portal/results.html", {
            "organizer": organizer, "cluster": the_cluster, "org": org, "cslug": cluster, "year": year,
            "results": selectors.year_results(cluster_year),
        })

    return _respond(request, cached_html("results", (cluster_year.pk,), build))


@require_GET
def registry(request, org: str):
    organizer = selectors.organizer_by_slug(org)
    kinds = award_kinds()
    codes = {k.code for k in kinds}
    filters = {
        "year": request.GET.get("nam", "").strip(), "kind": request.GET.get("hinh-thuc", "").strip(),
        "province": request.GET.get("tinh", "").strip(), "q": request.GET.get("q", "").strip()[:100],
    }
    year = int(filters["year"]) if filters["year"].isdigit() and len(filters["year"]) == 4 else None
    kind = filters["kind"] if filters["kind"] in codes else None
    province = int(filters["province"]) if filters["province"].isdigit() and len(filters["province"]) < 10 else None
    number = _page(request)

    def build():
        rows = selectors.registry_search(organizer=organizer, year=year, kind=kind, province=province, q=filters["q"] or None)
        page = Paginator(rows, 50).get_page(number)
        names = {k.code: k.name for k in kinds}
        provinces = sorted({u.province for u in selectors.units_with_awards(organizer).select_related("province") if u.province},
                           key=lambda p: p.name)
        return render_to_string("channel/portal/registry.html", {
            "organizer": organizer, "org": org, "page": page, "rows": [(a, names.get(a.award, a.award)) for a in page],
            "kinds": kinds, "provinces": provinces, "filters": filters,
        })

    return _respond(request, cached_html("registry", (organizer.pk, year, kind, province, filters["q"], number), build))
