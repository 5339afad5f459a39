"""Shapes of the information channel's endpoints (api-v1.md, "The information channel")."""

from rest_framework import serializers

from thidua.channel.models import Post

from .common import CharField, ChoiceField, id_query_param

KINDS = Post.Kind.choices


class PostFilterSerializer(serializers.Serializer):
    cluster = id_query_param("Only the posts of this cluster.")
    organizer = id_query_param("Only the posts of this organizer's clusters.")
    kind = ChoiceField(choices=KINDS, required=False, help_text="news or practice")


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=KINDS)
    title = serializers.CharField()
    summary = serializers.CharField()
    body_html = serializers.CharField(help_text="Sanitised HTML.")
    cluster = serializers.IntegerField()
    author_unit = serializers.IntegerField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True, help_text="null: a draft (shown to the cluster's members only).")
    url = serializers.CharField(help_text="The post's page on the public portal (answers 404 while it is a draft).")


class PostInputSerializer(serializers.Serializer):
    cluster = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = ChoiceField(choices=KINDS, required=False, default="news")
    title = CharField(max_length=300)
    body = CharField(max_length=200_000, help_text="HTML; sanitised (no script, no event handlers, no javascript: links, no style).")
    summary = CharField(max_length=1000, required=False, allow_blank=True, default="")
    tags = serializers.ListField(child=CharField(max_length=60), required=False, max_length=10)
    publish = serializers.BooleanField(required=False, default=False)


class PostPatchSerializer(serializers.Serializer):
    kind = ChoiceField(choices=KINDS, required=False)
    title = CharField(max_length=300, required=False)
    body = CharField(max_length=200_000, required=False)
    summary = CharField(max_length=1000, required=False, allow_blank=True)
    tags = serializers.ListField(child=CharField(max_length=60), required=False, max_length=10)
    publish = serializers.BooleanField(required=False)
    cluster = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, help_text="Cannot change: must be the post's.")


def post_data(post: Post, request=None) -> dict:
    from thidua.channel.presenters import absolute

    return {
        "id": post.pk, "kind": post.kind, "title": post.title, "summary": post.summary, "body_html": post.body_html,
        "cluster": post.cluster_id, "author_unit": post.author_unit_id, "published_at": post.published_at,
        "url": absolute(request, post.public_url),
    }
