"""Vietnamese text helpers."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form of a Vietnamese text, for searching with or without
    diacritics: "Sở Ngoại vụ tỉnh Quảng Bình" -> "so ngoai vu tinh quang binh".
    "đ" is a separate letter, not an accented "d", so NFD alone does not remove it."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower().strip()
