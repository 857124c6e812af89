"""Large files built by a job and then served from disk (the draw's verification bundle, the
wall's PDF)."""

import os

from flask import jsonify, send_file
from flask_babel import gettext as _


def serve_built(path, prepare, download_name, mimetype="application/json"):
    """Send ``path`` if the job built it already; otherwise call ``prepare()`` (which queues
    the job, once) and answer 202 with ``Retry-After``: the request never builds it."""
    if path is not None:
        return send_file(path, mimetype=mimetype, as_attachment=True, max_age=0,
                         download_name=download_name)
    prepare()
    response = jsonify(state="preparing", message=_(
        "Le fichier se prépare : réessayez dans quelques secondes."))
    response.status_code = 202
    response.headers["Retry-After"] = "5"
    return response


def store_built(path, data, stale):
    """Write ``data`` (bytes) to ``path`` atomically (a half-written file is never served) and
    remove the other files of its folder matching the glob ``stale`` (older versions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    os.replace(partial, path)
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)
