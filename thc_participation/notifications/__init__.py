"""Notifications: following things, notifications in the site (a bell, live over Socket.IO)
and by e-mail (at once, a daily digest or never), with a one-click unsubscribe.

Other modules call ``triggers`` from their services; ``services.notify`` is the one way to
notify people."""
