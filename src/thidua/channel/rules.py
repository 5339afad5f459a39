"""Who may do what in the information channel. A cluster's *members* are the units that
have been in one of its years; its *writers* are their officers and heads, and the
organizer's officers. Reading published posts needs no sign-in (the public portal)."""

from __future__ import annotations

import rules

from thidua.org.models import Cluster, Membership
from thidua.org.rules import is_admin, is_organizer_officer, officer_of_objects_organizer

from .models import Attachment, Post


def cluster_of(obj) -> Cluster | None:
    if isinstance(obj, Cluster):
        return obj
    if isinstance(obj, Post):
        return obj.cluster
    if isinstance(obj, Attachment):
        return obj.post.cluster
    return None


def unit_in_cluster(user, cluster: Cluster | None) -> bool:
    if cluster is None or not (user and user.is_authenticated and user.unit_id):
        return False
    return Membership.objects.filter(cluster_year__cluster=cluster, unit_id=user.unit_id).exists()


@rules.predicate
def is_member_staff(user, obj) -> bool:
    """Anyone of a member unit (officers, heads, delegates): reads drafts and comments."""
    return unit_in_cluster(user, cluster_of(obj))


@rules.predicate
def is_member_officer(user, obj) -> bool:
    """An officer or the head of a member unit: writes posts and comments."""
    return bool(user and user.is_authenticated and (user.is_unit_officer or user.is_unit_head)) and unit_in_cluster(user, cluster_of(obj))


@rules.predicate
def organizer_of(user, obj) -> bool:
    cluster = cluster_of(obj)
    return bool(cluster is not None and is_organizer_officer(user) and officer_of_objects_organizer(user, cluster))


@rules.predicate
def of_author_unit(user, post) -> bool:
    """An officer or head of the unit that wrote the post."""
    return bool(
        isinstance(post, Post) and post.author_unit_id and user and user.is_authenticated
        and user.unit_id == post.author_unit_id and (user.is_unit_officer or user.is_unit_head)
    )


may_read_drafts = is_admin | organizer_of | is_member_staff
rules.add_perm("channel.view_drafts", may_read_drafts)  # obj: the cluster or a post
rules.add_perm("channel.write_post", organizer_of | is_member_officer)  # obj: the cluster
rules.add_perm("channel.edit_post", organizer_of | (is_member_officer & of_author_unit))  # obj: the post
rules.add_perm("channel.comment", is_member_officer)  # obj: the post
