"""The cluster's information channel (kênh thông tin chung): news and the good-practice
library, their images and attachments, tags and members' comments; and the public portal's
visitor counts (one row per day, written in batches: channel/counter.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import Cluster, ClusterYear, Unit


class Tag(models.Model):
    name = models.CharField(_("thẻ"), max_length=60, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thẻ")
        verbose_name_plural = _("thẻ")

    def __str__(self) -> str:
        return self.name


class Post(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("Tin tức")
        PRACTICE = "practice", _("Kinh nghiệm, cách làm hay")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="posts", verbose_name=_("cụm"))
    kind = models.CharField(_("loại bài"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(max_length=120)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body_html = models.TextField(_("nội dung"), blank=True)  # always sanitised (channel/sanitize.py)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("thẻ"))
    author_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị viết bài")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cluster_year = models.ForeignKey(
        ClusterYear, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("năm thi đua")
    )
    from_results = models.BooleanField(_("dự thảo từ kết quả năm"), default=False)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["cluster", "kind", "published_at"], name="post_cluster_kind_pub")]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def public_url(self) -> str:
        from .presenters import public_url

        return public_url(self)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"channel/{instance.post.cluster_id}/{instance.post_id}/{instance.sha256[:16]}{filename[filename.rfind('.'):]}"


class Attachment(models.Model):
    """An image or a file of a post, its type judged by content (scoring.evidence), served
    by channel views only: to everyone once the post is published, to members before."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    file_type = models.CharField(_("loại tệp"), max_length=10)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.file_type in ("png", "jpeg")


class Comment(models.Model):
    """A member's comment on a post (plain text, shown escaped, to members only)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")

    def __str__(self) -> str:
        return self.text[:60]


class VisitDay(models.Model):
    """The portal's visitors of one day, added in batches from the shared cache."""

    date = models.DateField(unique=True)
    visits = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt truy cập theo ngày")
        verbose_name_plural = _("lượt truy cập theo ngày")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.visits}"
