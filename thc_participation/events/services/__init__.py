"""Event rules, by topic: every write of the events module goes through here (views, CLI,
tests). Callers import the topic module (``from .services import registration``).

- ``validation``: the event form's values (``EventData``) checked field by field;
- ``events``: create, change, postpone and cancel events, and one occurrence of a series;
- ``registration``: register (with workshops), invite, confirm a guest, unregister; the
  video link;
- ``seats``: seats and waiting lists under a lock on the event;
- ``summit``: the choice of workshops and the programme that follows its summit;
- ``attendance``: check-in and counts;
- ``reminders`` and ``retention``: the daily reminders and the purge of attendees' data;
- ``tokens``: guest links and personal calendar tokens;
- ``queries``: read-only questions (occurrences, calendars, a person's registrations).

Services change objects and flush; the boundary of the operation commits (see
``thc_participation.transaction``), and the e-mails they write leave after that commit.
"""
