"""Who may edit the legal pages: the network admin only (the pages are public)."""

from ..access import require_admin


def may_edit(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def require_edit(user):
    require_admin(user)
