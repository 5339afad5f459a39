"""The demo data is loaded in steps, one per app, in the order of the app dependencies
(organisation first, then the year, the scoring, the vote). Each app registers its step in
its AppConfig.ready(), so `manage.py load_demo` loads everything that is installed without
the kernel importing the apps:

    register_demo_step("cycle", load_cycle_demo, order=20)   # loader() -> lines to print
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    name: str
    loader: Callable[[], list[str]]
    order: int


_steps: dict[str, DemoStep] = {}


def register_demo_step(name: str, loader: Callable[[], list[str]], *, order: int) -> None:
    _steps[name] = DemoStep(name, loader, order)


def demo_steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))
