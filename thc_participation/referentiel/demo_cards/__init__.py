"""The demo référentiel: at least thirty cards of each kind (tools and methods, experiences
and projects, actors), fictional but realistic French content. No real person, no contact
data: the experiences happen in imaginary towns and the actors are kinds of organisations.

Each card is a ``DemoCard``; the keys of its levels, scales and efforts are the values of the
référentiel's enums, its ``steps`` those of ``dashboard.models.CycleStep`` and its ``phases``
the programme's phases 1 to 5. ``related`` names other demo cards by title; ``status`` says
which cards the demo leaves proposed or as drafts (the others are published).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoCard:
    kind: str
    title: str
    summary: str
    how: tuple[str, ...]
    steps: str  # space-separated CycleStep values
    phases: str  # digits 1..5
    level: str
    scale: str
    effort: str
    duration: str
    audience: str
    related: tuple[str, ...] = ()
    territory: str = ""
    years: tuple[int, int | None] | None = None
    status: str = "publiee"
    links: tuple[str, ...] = field(default=())

    @property
    def body(self):
        """The card's Markdown body, built from its summary and steps."""
        heading = {
            "outil": "Déroulé",
            "experience": "Ce qui a été fait",
            "acteur": "Ce que cet acteur apporte",
        }[self.kind]
        lines = [self.summary, "", f"## {heading}", ""]
        lines += [f"{i}. {text}" for i, text in enumerate(self.how, 1)]
        lines += ["", "## Public", "", self.audience]
        return "\n".join(lines)


def all_cards():
    """Every demo card, tools first, then experiences, then actors."""
    from .actors import ACTORS
    from .experiences import EXPERIENCES
    from .tools import TOOLS

    return TOOLS + EXPERIENCES + ACTORS
