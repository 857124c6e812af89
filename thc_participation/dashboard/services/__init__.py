"""Dashboard rules, by topic: every write of the module goes through here (views, demo,
tests). Callers import the topic module (``from .services import team``).

- ``queries``: read-only questions (team, documents, inventory, actors, actions, exports,
  the sociology of participation);
- ``progress``: the deliverables each territory has done, its own plan and its timeline;
- ``programme``: the convention (duration, support level, contracted days), the entry
  assessment and the plan per deliverable, the support days and trips of Démocratie Ouverte;
- ``team``: the THC team, the steering committee's colleges and seats, contact consent;
- ``committee``: the committee's meetings per phase, attendance, decisions, minutes, warnings;
- ``documents``: letters, minutes, reports (the evaluation group's too), schemas, the video;
- ``inventory``: the diagnostic inventory of the governance cycle;
- ``actors``: the open map of citizen actors (proposals, review, coordinates);
- ``actions``: the action plan, its commitments and their actions (stages, updates posted by
  the group's members and moderated by agents, photos, followers, retained proposals);
- ``evaluation``: the evaluation framework (criteria, the group's assessments, its reserved
  reports);
- ``common``: checked text fields, Paris dates, work done after the commit (e-mails, files).

Every service that takes a territory and an object first refuses an object of another
territory (``access.require_in``). Services change objects and flush; the boundary of the
operation commits (see ``thc_participation.transaction``), and e-mails or file removals
happen only after that commit.
"""
