"""The one navigation of a year's pages (`cycle/partials/year_nav.html`, drawn by the
`{% year_nav %}` tag of year_header.html): Tổng quan, Phát động, Đăng ký, Giao ước, then
what the apps downstream add — the criteria, self-assessment, cross-scoring and ranking
(scoring), the conference and the polls (voting). Each app registers a provider in its
AppConfig.ready(), as for the workspace's sections, so that cycle never imports them:

    from thidua.cycle.yearnav import NavItem, register_nav_items
    register_nav_items(my_items)   # my_items(user, cluster_year) -> list[NavItem]

A provider returns only what the person may see now (its rules, the phase reached); the
page being shown passes its key (`active`) and that item is marked current."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    key: str  # the page's `active` key: "workspace", "launch", "criteria", "polls"…
    label: str  # shown (already translated)
    url: str
    order: int = 100


_providers: list[Callable] = []


def register_nav_items(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def nav_items(user, cluster_year) -> list[NavItem]:
    items = [item for provider in _providers for item in provider(user, cluster_year)]
    return sorted(items, key=lambda item: item.order)
