"""The action log in French: every action kind written anywhere in the code has a French label,
every detail is named in French or deliberately hidden, and the page shows who did what, on
which object (with a link while it exists), when — never a code, a class name or an id."""

import ast
import pathlib
import re

from thc_participation import audit, audit_labels
from thc_participation.dashboard.services import team

from ..support.pages import text_of

CODE = pathlib.Path(__file__).resolve().parents[2] / "thc_participation"
ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# The f-string actions and what their placeholders take (the test fails on a new one).
TEMPLATES = {
    "board.{action}": ("open", "lock", "unlock", "close"),     # boards.TRANSITIONS
    "{kind}.report": ("comment", "proposal"),
    "{kind}.{action}": ("comment.hide", "comment.restore", "proposal.hide", "proposal.restore"),
}


def _is_audit_call(node):
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Attribute)
            and func.attr in ("record", "record_opinion")
            and isinstance(func.value, ast.Name) and func.value.id == "audit")


def _constants(node):
    return {c.value for c in ast.walk(node)
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and ACTION.match(c.value)}


def _template_actions(node, found):
    for joined in (n for n in ast.walk(node) if isinstance(n, ast.JoinedStr)):
        pattern = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                          for v in joined.values)
        assert pattern in TEMPLATES, f"new f-string action {pattern!r}: list its values here"
        for value in TEMPLATES[pattern]:
            found.add(value if "." in value else pattern.replace(
                "{action}", value).replace("{kind}", value))


def recorded_actions_and_details():
    """Every action kind and detail key the code records: the literal (or f-string) second
    argument of ``audit.record``/``record_opinion``, and the constants passed to a helper that
    forwards its own parameter as the action (``_changed(actor, comment, "comment.edit")``)."""
    trees = {path: ast.parse(path.read_text()) for path in CODE.rglob("*.py")
             if "migrations" not in path.parts}
    actions, details, forwarders = set(), set(), {}
    for tree in trees.values():
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            params = [a.arg for a in function.args.args]
            for call in (n for n in ast.walk(function) if _is_audit_call(n)):
                action = call.args[1]
                if isinstance(action, ast.Name) and action.id in params:
                    forwarders[function.name] = (params.index(action.id), action.id)
    for tree in trees.values():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _is_audit_call(call):
                actions |= _constants(call.args[1])
                _template_actions(call.args[1], actions)
                details |= {k.arg for k in call.keywords if k.arg}
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name in forwarders:
                index, keyword = forwarders[name]
                if len(call.args) > index:
                    actions |= _constants(call.args[index])
                for k in call.keywords:
                    if k.arg == keyword:
                        actions |= _constants(k.value)
                    elif k.arg:
                        details.add(k.arg)
    return actions, details


def test_every_action_kind_in_the_code_has_a_french_label():
    actions, _details = recorded_actions_and_details()
    # The scan finds what it must (the forwarded ones included), so it cannot pass empty.
    assert {"draw.create", "comment.edit", "event.occurrence_cancel", "team.remove",
            "board.lock", "comment.hide", "proposal.report"} <= actions
    missing = sorted(actions - set(audit_labels.ACTIONS))
    assert not missing, f"actions without a French label in audit_labels.ACTIONS: {missing}"


def test_every_detail_is_named_in_french_or_deliberately_hidden():
    _actions, details = recorded_actions_and_details()
    assert {"reason", "pool", "pseudonym"} <= details
    unknown = sorted(details - set(audit_labels.DETAILS) - audit_labels.HIDDEN_DETAILS)
    assert not unknown, f"details neither named nor hidden in audit_labels: {unknown}"


def test_the_log_page_says_who_did_what_on_which_object_and_when(client, login, agent,
                                                               territory, db):
    kept = team.add_team_member(agent, territory, "equipe-projet", "Jeanne Moreau")
    gone = team.add_team_member(agent, territory, "equipe-projet", "Paul Leroy")
    db.session.flush()
    gone_id = gone.id
    team.remove_team_member(agent, territory, gone)
    audit.record(None, "draw.create", territory, None, pool=1)
    db.session.commit()
    login(client, agent)
    page = text_of(client.get(f"/t/{territory.slug}/gestion/journal"))
    assert "a ajouté une personne à l'équipe" in page
    assert "Membre de l'équipe : Jeanne Moreau" in page
    assert "a retiré une personne de l'équipe" in page and "(n’existe plus)" in page
    assert "a préparé un tirage au sort" in page and "La plateforme" in page
    assert "rôle : Équipe projet" in page  # a stored enum value, in French
    main = page.split("<main", 1)[1].split("</main>", 1)[0]  # not the colours of <head>
    for raw in ("team.add", "team.remove", "draw.create", "TeamMember", "pool", "equipe-projet",
                f"#{kept.id}", f"#{gone_id}", "{'"):
        assert raw not in main, raw
    assert re.search(r'<time datetime="[0-9T:.-]+Z">[a-z]+ \d{1,2} [a-zéû]+ \d{4} à \d\d:\d\d'
                     r"</time>", page)
