"""Writes of the information channel: posts (draft, edit, publish, back to draft), their
attachments and members' comments. Each checks the permission, validates, writes in one
transaction with its audit event, and tells the portal's cache (channel/cache.py)."""

from __future__ import annotations

import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import InvalidInput, raise_errors
from thidua.core.permissions import require
from thidua.org.models import Cluster
from thidua.scoring import evidence

from . import cache as portal_cache
from .models import Attachment, Comment, Post, Tag
from .sanitize import plain_text, sanitize
from .slugs import vi_slug

TITLE_MAX = 300
SUMMARY_MAX = 1000
COMMENT_MAX = 4000
TAGS_MAX = 10


def _audit(actor, action: str, obj, post: Post, **data) -> None:
    audit_record(actor=actor, action=action, obj=obj, cluster_id=post.cluster_id, organizer_id=post.cluster.organizer_id, **data)


def _post_snapshot(post: Post) -> dict:
    data = snapshot(post, exclude=("created_at", "updated_at", "body_html"))
    data["body_chars"] = len(post.body_html)
    return data


def _tag_names(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    names, seen = [], set()
    for raw in value or []:
        name = " ".join(str(raw).split())[:60]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def _clean(data: dict, *, partial: bool, post: Post | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    clean = {}
    if not partial or "kind" in data:
        kind = data.get("kind") or Post.Kind.NEWS
        if kind not in Post.Kind.values:
            errors["kind"] = [_("Loại bài phải là “news” (tin tức) hoặc “practice” (kinh nghiệm, cách làm hay).")]
        clean["kind"] = kind
    if not partial or "title" in data:
        title = " ".join(str(data.get("title") or "").split())
        if not title:
            errors["title"] = [_("Bài viết cần có tiêu đề.")]
        elif len(title) > TITLE_MAX:
            errors["title"] = [_("Tiêu đề dài quá {n} ký tự.").format(n=TITLE_MAX)]
        clean["title"] = title
    if not partial or "summary" in data:
        summary = plain_text(sanitize(str(data.get("summary") or "")))
        if len(summary) > SUMMARY_MAX:
            errors["summary"] = [_("Tóm tắt dài quá {n} ký tự.").format(n=SUMMARY_MAX)]
        clean["summary"] = summary
    if not partial or "body" in data:
        body = sanitize(data.get("body"))
        if not plain_text(body) and "<img" not in body:
            errors["body"] = [_("Bài viết cần có nội dung.")]
        clean["body_html"] = body
    if "tags" in data:
        tags = _tag_names(data.get("tags"))
        if len(tags) > TAGS_MAX:
            errors["tags"] = [_("Tối đa {n} thẻ.").format(n=TAGS_MAX)]
        clean["tags"] = tags
    raise_errors(errors)
    return clean


def _set_tags(post: Post, names: list[str]) -> None:
    tags = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            base = vi_slug(name, 70)
            slug, n = base, 1
            while Tag.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            tag = Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    post.tags.set(tags)


@transaction.atomic
def post_create(*, actor, cluster: Cluster, data: dict, cluster_year=None, from_results: bool = False) -> Post:
    """A new post of `cluster`, a draft unless data["publish"]."""
    require(actor, "channel.write_post", cluster, _("Chỉ cán bộ các đơn vị thành viên của cụm và cơ quan tổ chức được viết bài."))
    clean = _clean(data, partial=False)
    tags = clean.pop("tags", [])
    post = Post.objects.create(
        cluster=cluster, author=actor, author_unit=actor.unit if getattr(actor, "unit_id", None) else None,
        slug=vi_slug(clean["title"]), cluster_year=cluster_year, from_results=from_results,
        published_at=timezone.now() if data.get("publish") else None, **clean,
    )
    _set_tags(post, tags)
    _audit(actor, "post.create", post, post, after={**_post_snapshot(post), "tags": tags})
    portal_cache.changed()
    return post


@transaction.atomic
def post_update(*, actor, post: Post, data: dict) -> Post:
    """Edit a post; data["publish"] (when given) publishes it or takes it back to draft."""
    require(actor, "channel.edit_post", post, _("Chỉ đơn vị viết bài và cơ quan tổ chức được sửa bài này."))
    post = Post.objects.select_for_update().select_related("cluster").get(pk=post.pk)
    before = _post_snapshot(post)
    clean = _clean(data, partial=True, post=post)
    tags = clean.pop("tags", None)
    for field, value in clean.items():
        setattr(post, field, value)
    if "title" in clean:
        post.slug = vi_slug(post.title)
    if "publish" in data:
        if data["publish"] and post.published_at is None:
            post.published_at = timezone.now()
        elif not data["publish"]:
            post.published_at = None
    post.save()
    if tags is not None:
        _set_tags(post, tags)
    _audit(actor, "post.update", post, post, before=before, after=_post_snapshot(post))
    portal_cache.changed()
    return post


def post_publish(*, actor, post: Post, publish: bool = True) -> Post:
    return post_update(actor=actor, post=post, data={"publish": publish})


@transaction.atomic
def attachment_add(*, actor, post: Post, uploaded, caption: str = "") -> Attachment:
    """An image or file checked by content as evidence is (type, size), stored privately."""
    require(actor, "channel.edit_post", post, _("Chỉ đơn vị viết bài và cơ quan tổ chức được thêm tệp."))
    if uploaded is None:
        raise InvalidInput(_("Chọn một tệp để tải lên."), field="file")
    file_type, sha256, size = evidence.check_and_hash(uploaded)
    name = evidence.download_name(uploaded.name, file_type)
    attachment = Attachment(
        post=post, file_type=file_type, original_name=name, content_type=evidence.CONTENT_TYPES[file_type], size=size,
        sha256=sha256, caption=" ".join(str(caption or "").split())[:300], uploaded_by=actor,
    )
    attachment.file.save(os.path.basename(name), uploaded, save=False)
    attachment.save()
    after = {**snapshot(attachment, exclude=("uploaded_at", "file")), "file": attachment.file.name}
    _audit(actor, "post.attach", attachment, post, after=after)
    portal_cache.changed()
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Take a wrong image or file away from its post (and from the portal); the stored file
    is deleted once the transaction commits."""
    post = attachment.post
    require(actor, "channel.edit_post", post, _("Chỉ đơn vị viết bài và cơ quan tổ chức được gỡ tệp."))
    before = {**snapshot(attachment, exclude=("uploaded_at", "file")), "file": attachment.file.name}
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    _audit(actor, "post.detach", post, post, before=before)
    transaction.on_commit(lambda: storage.delete(name))
    portal_cache.changed()


@transaction.atomic
def comment_add(*, actor, post: Post, text: str) -> Comment:
    require(actor, "channel.comment", post, _("Chỉ cán bộ các đơn vị thành viên của cụm được bình luận."))
    text = str(text or "").strip()
    if not text:
        raise InvalidInput(_("Nhập ý kiến trước khi gửi."), field="text")
    if len(text) > COMMENT_MAX:
        raise InvalidInput(_("Ý kiến dài quá {n} ký tự.").format(n=COMMENT_MAX), field="text")
    comment = Comment.objects.create(post=post, unit=actor.unit, author=actor, text=text)
    _audit(actor, "post.comment", comment, post, after=snapshot(comment, exclude=("created_at",)))
    return comment
