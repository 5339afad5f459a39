"""Atom and RSS feeds of the published posts, per cluster and per organizer."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors
from .presenters import portal_cluster_args, public_url
from .slugs import organizer_slug

ITEMS = 30


class ClusterFeed(Feed):
    def get_object(self, request, org: str, cluster: str):
        return selectors.cluster_by_slug(selectors.organizer_by_slug(org), cluster)

    def title(self, obj):
        return _("Tin tức {cluster} — {organizer}").format(cluster=obj.name, organizer=obj.organizer.name)

    def link(self, obj):
        return reverse("portal_cluster", args=portal_cluster_args(obj))

    def description(self, obj):
        return _("Tin tức và kinh nghiệm, cách làm hay của {cluster}").format(cluster=obj.name)

    def items(self, obj):
        return selectors.published(cluster=obj)[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return public_url(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_unit.name if item.author_unit else item.cluster.organizer.name

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]


class ClusterAtomFeed(ClusterFeed):
    feed_type = Atom1Feed
    subtitle = ClusterFeed.description


class OrganizerFeed(ClusterFeed):
    def get_object(self, request, org: str):
        return selectors.organizer_by_slug(org)

    def title(self, obj):
        return _("Tin tức các cụm, khối thi đua — {organizer}").format(organizer=obj.name)

    def link(self, obj):
        return reverse("portal_organizer", args=[organizer_slug(obj)])

    def description(self, obj):
        return _("Tin tức và kinh nghiệm, cách làm hay của các cụm, khối thi đua do {organizer} tổ chức").format(organizer=obj.name)

    def items(self, obj):
        return selectors.published(organizer=obj)[:ITEMS]


class OrganizerAtomFeed(OrganizerFeed):
    feed_type = Atom1Feed
    subtitle = OrganizerFeed.description
