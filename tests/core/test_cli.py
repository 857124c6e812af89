"""The `thc` operator command."""

import re
import subprocess
import sys

import click
import pytest

from thc_participation.demo import ACCOUNTS, DEMO_PASSWORD, DEMO_SLUG
from thc_participation.extensions import db
from thc_participation.models import Membership, Territory, User


def test_demo_loads_once_with_one_account_per_role(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output
    territory = db.session.scalar(db.select(Territory).filter_by(slug=DEMO_SLUG))
    assert territory.population == 12_240
    for key, email, _name, role, admin in ACCOUNTS:
        user = db.session.scalar(db.select(User).filter_by(email=email))
        assert user.check_password(DEMO_PASSWORD), key
        assert user.is_admin == admin
        if role:
            assert user.roles_in(territory) == {role}
    users_before = db.session.scalar(db.select(db.func.count(User.id)))
    memberships_before = db.session.scalar(db.select(db.func.count(Membership.id)))
    result = runner.invoke(args=["demo"])
    assert "already present" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == users_before
    assert db.session.scalar(db.select(db.func.count(Membership.id))) == memberships_before


def test_demo_refused_in_production(make_app):
    app = make_app(THC_ENV="production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Territory.id))) == 0


def test_create_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--email", "Admin@Reseau.fr", "--name", "Admin",
                                 "--password", "trop court"])
    assert result.exit_code != 0 and "12 caractères" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0  # rolled back, whole
    result = runner.invoke(args=["create-admin", "--email", "Admin@Reseau.fr", "--name", "Admin",
                                 "--password", "une phrase assez longue"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(email="admin@reseau.fr"))
    assert user.is_admin and user.is_confirmed


def _thc_help():
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c",
         "import sys; from thc_participation.entry import main; sys.argv=['thc', '--help']; main()"],
        capture_output=True, text=True, check=True,
    ).stdout


def test_thc_console_script_lists_operator_commands():
    output = _thc_help()
    for command in ("run", "db", "demo", "create-admin"):
        assert f"  {command} " in output


# Accented letters and common French words: operators' help is English.
FRENCH = re.compile(r"[àâçéèêëîïôûùüœ]|\b(?:les?|la|des|une?|du|et|pour|par|avec|sans|dans|sur|"
                    r"aux?|ce|cette|commandes?|envois?|délai|lot|tirages?)\b", re.IGNORECASE)


def _help_of(app, path):
    result = app.test_cli_runner().invoke(args=[*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def _commands(group, path=()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_thc_help_is_english():
    """The group's help and each command's one-line help (the modules' groups included)."""
    help_text = _thc_help()
    assert "operator commands" in help_text
    assert not FRENCH.findall(help_text), help_text


@pytest.mark.parametrize("command", ["run", "demo", "create-admin"])
def test_core_commands_help_is_english(app, command):
    output = _help_of(app, [command])
    assert not FRENCH.findall(output), output


def test_every_command_help_is_english(app):
    """Including the modules' groups and their commands (``thc draw``, ``thc events``...)."""
    french = {}
    for path in _commands(app.cli):
        found = FRENCH.findall(_help_of(app, path))
        if found:
            french[" ".join(path)] = found
    assert french == {}
