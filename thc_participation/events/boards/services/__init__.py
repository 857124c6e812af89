"""The rules of live workshop boards (protocol: docs/board-protocol.md), by topic:

- ``payloads``: what a note, a cluster, a board and a change look like on the wire, and what
  participants see of them (acknowledgements are filtered exactly like broadcasts);
- ``pipeline``: the one way a board changes (lock, version, apply, log with the operation id,
  commit, broadcast). It is the boundary of a board change and commits itself, whoever calls it;
- ``catchup``: snapshots and the exact catch-up of a client that reconnects;
- ``notes``: notes, dots and clusters;
- ``boards``: creating and setting up boards, their join codes, state, timer and counts;
- ``participants``: joining a board, and removing a participant;
- ``limits``: per-participant rate limits of socket events;
- ``exports``: summary, CSV and JSON; ``transfer``: "Envoyer vers la consultation".

Everything but the pipeline only flushes: the request, socket event or CLI command commits.
Callers import the topic module: ``from .services import notes`` ... ``notes.add_note(...)``.
"""
