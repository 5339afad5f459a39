"""Readable URLs: Vietnamese titles as ASCII slugs. Django's slugify drops what NFKD cannot
decompose, and "đ"/"Đ" do not decompose (they are letters of their own, not d + a mark), so
"Hội nghị tổng kết Cụm thi đua" would become "hoi-nghi-tong-ket-cum-thi-ua": map them first."""

from __future__ import annotations

from django.utils.text import slugify

_MAP = str.maketrans({"đ": "d", "Đ": "D"})
MAX_LENGTH = 120


def vi_slug(text: str, max_length: int = MAX_LENGTH) -> str:
    slug = slugify(str(text or "").translate(_MAP))[:max_length].strip("-")
    return slug or "bai-viet"


def organizer_slug(organizer) -> str:
    """An organizer's part of the portal's URLs: its symbol ("bng")."""
    return vi_slug(organizer.symbol)


def cluster_slug(cluster) -> str:
    """A cluster's part of the portal's URLs: its name ("cum-thi-dua-so-3")."""
    return vi_slug(cluster.name)
