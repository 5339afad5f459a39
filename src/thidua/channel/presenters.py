"""URLs and labels of the channel for pages, feeds and the API."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .slugs import cluster_slug, organizer_slug

# the kinds' values (Post.Kind: a str enum, so its members find these keys)
KIND_SLUGS = {"news": "tin-tuc", "practice": "cach-lam-hay"}
SLUG_KINDS = {v: k for k, v in KIND_SLUGS.items()}


def portal_cluster_args(cluster) -> list[str]:
    return [organizer_slug(cluster.organizer), cluster_slug(cluster)]


def public_url(post) -> str:  # a Post (the model asks this module, which imports no model)
    """The post's page on the public portal (a published post's; a draft's would answer 404)."""
    return reverse("portal_article", args=[*portal_cluster_args(post.cluster), post.pk, post.slug])


def absolute(request, path: str) -> str:
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path) if request is not None else path
