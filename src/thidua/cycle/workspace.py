"""The year's workspace page lists sections contributed by the apps that build on the
cycle (scoring, voting, awards…). Each registers a provider in its AppConfig.ready():

    from thidua.cycle.workspace import register_section
    register_section(my_provider)   # my_provider(user, cluster_year) -> list[Section]

so that the cycle app never imports the apps downstream of it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    title: str  # shown to people (already translated)
    url: str
    description: str = ""
    status: str = ""  # a short state, e.g. "7/9 đã ký"
    order: int = 100


_providers: list[Callable] = []


def register_section(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections_for(user, cluster_year) -> list[Section]:
    sections = [s for provider in _providers for s in provider(user, cluster_year)]
    return sorted(sections, key=lambda s: (s.order, s.title))
