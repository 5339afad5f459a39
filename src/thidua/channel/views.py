"""The members' pages of the information channel (signed in): the cluster's posts with its
drafts, writing and editing, publishing, attachments, comments, and the news drafted from
the year's results. And the one file view, public for a published post's files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError
from thidua.core.http import forbidden
from thidua.core.permissions import can
from thidua.org.selectors import clusters_for
from thidua.scoring import evidence

from . import drafting, selectors, services
from .forms import PostForm
from .presenters import public_url


def _cluster_or_404(user, pk: int):
    return get_object_or_404(clusters_for(user).select_related("organizer"), pk=pk)


def _error_list(exc: DomainError) -> list[str]:
    return [m for ms in exc.errors.values() for m in ms] or [str(exc)]


@login_required
@require_GET
def cluster_channel(request, pk: int):
    cluster = _cluster_or_404(request.user, pk)
    posts = list(selectors.cluster_posts(request.user, cluster)[:200])
    years = selectors.results_years(cluster) if can(request.user, "channel.write_post", cluster) else []
    return render(request, "channel/cluster.html", {
        "cluster": cluster, "posts": posts, "may_write": can(request.user, "channel.write_post", cluster), "results_years": years,
    })


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request, pk: int):
    cluster = _cluster_or_404(request.user, pk)
    if not can(request.user, "channel.write_post", cluster):
        return forbidden(request, _("Chỉ cán bộ các đơn vị thành viên của cụm và cơ quan tổ chức được viết bài."))
    form = PostForm(request.POST or None, initial={"kind": request.GET.get("loai", "news")})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(actor=request.user, cluster=cluster, data=form.cleaned_data)
        except DomainError as exc:
            errors = _error_list(exc)
        else:
            messages.success(request, _("Đã lưu bài viết.") if not post.is_published else _("Đã đăng bài viết."))
            return redirect("channel_post", post.pk)
    return render(request, "channel/post_form.html", {"cluster": cluster, "form": form, "errors": errors}, status=400 if errors else 200)


@login_required
@require_GET
def post_detail(request, post_id: int):
    post = selectors.post_for(request.user, post_id)
    return render(request, "channel/post.html", {
        "post": post, "cluster": post.cluster, "comments": selectors.comments_of(post), "attachments": selectors.attachments_of(post),
        "may_edit": can(request.user, "channel.edit_post", post), "may_comment": can(request.user, "channel.comment", post),
        "public_url": public_url(post) if post.is_published else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id: int):
    post = selectors.post_for(request.user, post_id)
    if not can(request.user, "channel.edit_post", post):
        return forbidden(request, _("Chỉ đơn vị viết bài và cơ quan tổ chức được sửa bài này."))
    initial = {"kind": post.kind, "title": post.title, "summary": post.summary, "body": post.body_html,
               "tags": ", ".join(t.name for t in post.tags.all()), "publish": post.is_published}
    form = PostForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(actor=request.user, post=post, data=form.cleaned_data)
        except DomainError as exc:
            errors = _error_list(exc)
        else:
            messages.success(request, _("Đã lưu bài viết."))
            return redirect("channel_post", post.pk)
    return render(request, "channel/post_form.html", {"cluster": post.cluster, "form": form, "post": post, "errors": errors},
                  status=400 if errors else 200)


@login_required
@require_POST
def post_publish(request, post_id: int):
    post = selectors.post_for(request.user, post_id)
    if not can(request.user, "channel.edit_post", post):
        return forbidden(request, _("Chỉ đơn vị viết bài và cơ quan tổ chức được đăng bài này."))
    publish = request.POST.get("publish") == "1"
    services.post_publish(actor=request.user, post=post, publish=publish)
    messages.success(request, _("Đã đăng bài viết lên cổng thông tin.") if publish else _("Đã chuyển bài viết về bản nháp."))
    return redirect("channel_post", post.pk)


@csrf_exempt
@login_required
@require_POST
def post_attach(request, post_id: int):
    """Upload one image or file: the size limit applies while the body is read (a huge upload
    is never stored, as for evidence), then the CSRF check, then the service's checks."""
    limiter = evidence.SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _post_attach(request, post_id, limiter)


@csrf_protect
def _post_attach(request, post_id: int, limiter):
    uploaded = request.FILES.get("file")  # reads the body: the limiter now knows
    post = selectors.post_for(request.user, post_id)
    if not can(request.user, "channel.edit_post", post):
        return forbidden(request, _("Chỉ đơn vị viết bài và cơ quan tổ chức được thêm tệp."))
    if limiter.too_big:
        messages.error(request, evidence.too_big_message())
        return redirect("channel_post", post.pk)
    try:
        services.attachment_add(actor=request.user, post=post, uploaded=uploaded, caption=request.POST.get("caption", ""))
    except DomainError as exc:
        for message in _error_list(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã thêm tệp."))
    return redirect("channel_post", post.pk)


@login_required
@require_POST
def attachment_remove(request, attachment_id: int):
    attachment = selectors.attachment_for(request.user, attachment_id)
    post = attachment.post
    if not can(request.user, "channel.edit_post", post):
        return forbidden(request, _("Chỉ đơn vị viết bài và cơ quan tổ chức được gỡ tệp."))
    services.attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, _("Đã gỡ tệp “{name}”.").format(name=attachment.original_name))
    return redirect("channel_post", post.pk)


@login_required
@require_POST
def post_comment(request, post_id: int):
    post = selectors.post_for(request.user, post_id)
    if not can(request.user, "channel.comment", post):
        return forbidden(request, _("Chỉ cán bộ các đơn vị thành viên của cụm được bình luận."))
    try:
        services.comment_add(actor=request.user, post=post, text=request.POST.get("text", ""))
    except DomainError as exc:
        for message in _error_list(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi ý kiến."))
    return redirect("channel_post", post.pk)


@login_required
@require_POST
def draft_from_results(request, pk: int, year: int):
    cluster = _cluster_or_404(request.user, pk)
    cluster_year = cluster.years.filter(year=year).first()
    if cluster_year is None:
        raise Http404
    if not can(request.user, "channel.write_post", cluster):
        return forbidden(request, _("Chỉ cán bộ các đơn vị thành viên của cụm và cơ quan tổ chức được viết bài."))
    try:
        post = drafting.news_draft_from_results(actor=request.user, cluster_year=cluster_year)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("channel_cluster", cluster.pk)
    messages.success(request, _("Đã soạn bản nháp tin từ kết quả năm {year}: xem lại, sửa rồi đăng.").format(year=year))
    return redirect("channel_post_edit", post.pk)


@require_GET
def attachment_file(request, attachment_id: int):
    """A post's file: public once the post is published, to members and the organizer before
    (404 for anyone else). Images are shown inline, the rest downloaded."""
    attachment = selectors.attachment_for(request.user, attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                            as_attachment=not attachment.is_image, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if attachment.post.is_published else "private, no-store"
    return response
