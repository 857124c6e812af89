"""Who cites référentiel cards where.

- a board and a summit workshop: the territory's facilitators and agents (who run the
  workshops), and network admins;
- a retained proposal: the territory's agents (who manage the consultation);
- an action-plan commitment: the territory's agents (who manage the plan);
- everyone reads the citations of public pages; the card page's "Utilisée par …" lists only
  public items (commitments, retained proposals of published consultations, public workshops).
"""

from ..consultation import permissions as consultation
from ..dashboard import permissions as dashboard
from ..events.boards import permissions as boards
from .models import Target


def require_cite(user, territory, target):
    {Target.BOARD: boards.require_manage, Target.WORKSHOP: boards.require_manage,
     Target.PROPOSAL: consultation.require_manage,
     Target.COMMITMENT: dashboard.require_manage}[target](user, territory)


def may_cite(user, territory, target):
    return {Target.BOARD: boards.may_manage, Target.WORKSHOP: boards.may_manage,
            Target.PROPOSAL: consultation.may_manage,
            Target.COMMITMENT: dashboard.can_manage}[target](user, territory)
