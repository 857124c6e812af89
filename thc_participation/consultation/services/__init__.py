"""The rules of the online consultation, one module per topic. Every write goes through one
function here: check the actor's right in the consultation's territory (``permissions``),
validate, write, audit and flush; the boundary (request, socket event, CLI command, job)
commits, and the viewers of the phase hear of it after that commit (``realtime.emit``).

- ``consultations``: consultations and their phases (create, edit, publish, close...).
- ``queries``: read-only: lists, pages of threads and proposals, participants.
- ``comments``: comments, replies, edits, deletion and votes.
- ``proposals``: citizen proposals, supports and the territory's answer.
- ``moderation``: reports, hiding and restoring, blocked accounts.
- ``places``: help places (where people get help to take part).
- ``opendata``: the contributions as open data (pseudonymous authors).
- ``report``: the participation report.
- ``mailing``: the action plan and its one e-mail to participants.
- ``common`` and ``payloads``: the helpers and the public shape of a contribution they share.
"""
