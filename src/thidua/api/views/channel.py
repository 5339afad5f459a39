"""The information channel's part of the API (api-v1.md): posts, read by anyone without
signing in when published (members also see their cluster's drafts); written by officers
of the cluster's member units and the organizer, through thidua.channel.services (the
body sanitised there)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.channel import selectors, services
from thidua.core.errors import InvalidInput, NotFound
from thidua.org.selectors import clusters_for

from ..helpers import body, parse
from ..serializers.channel import PostFilterSerializer, PostInputSerializer, PostPatchSerializer, PostSerializer, post_data
from ..serializers.common import BAD_REQUEST, FORBIDDEN, NOT_FOUND, UNAUTHORIZED

TAGS = ["channel"]
MAX_ITEMS = 500


class PostListCreate(APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(operation_id="posts_list", tags=TAGS, parameters=[PostFilterSerializer],
                   responses={200: PostSerializer(many=True), 400: BAD_REQUEST})
    def get(self, request):
        """Published posts, newest first, for anyone; a signed-in member of a cluster also gets its drafts
        (published_at null)."""
        filters = parse(PostFilterSerializer, request.query_params)
        cluster_ids = [filters["cluster"]] if filters.get("cluster") else None
        posts = selectors.readable_posts(request.user, cluster_ids=cluster_ids, organizer_id=filters.get("organizer"),
                                         kind=filters.get("kind"))
        return Response([post_data(p, request) for p in posts[:MAX_ITEMS]])

    @extend_schema(operation_id="posts_create", tags=TAGS, request=PostInputSerializer,
                   responses={201: PostSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})
    def post(self, request):
        """Write a post (a draft, or published with publish: true): officers of the cluster's member units,
        the organizer's officers."""
        data = parse(PostInputSerializer, body(request, allowed=set(PostInputSerializer().fields)))
        cluster = clusters_for(request.user).filter(pk=data.pop("cluster")).select_related("organizer").first()
        if cluster is None:
            raise NotFound(_("Không có cụm này."))
        post = services.post_create(actor=request.user, cluster=cluster, data=data)
        return Response(post_data(post, request), status=201)


class PostDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="posts_partial_update", tags=TAGS, request=PostPatchSerializer,
                   responses={200: PostSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})
    def patch(self, request, pk: int):
        """Edit a post; publish: true publishes it, false takes it back to draft (its writer unit's officers,
        the organizer's)."""
        try:
            post = selectors.post_for(request.user, pk)
        except Http404 as exc:
            raise NotFound(_("Không có bài viết này.")) from exc
        data = parse(PostPatchSerializer, body(request, allowed=set(PostPatchSerializer().fields)))
        if "cluster" in data and data.pop("cluster") != post.cluster_id:
            message = _("Không chuyển được bài viết sang cụm khác.")
            raise InvalidInput(message, errors={"cluster": [message]})
        post = services.post_update(actor=request.user, post=post, data=data)
        return Response(post_data(post, request))

