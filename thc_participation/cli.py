"""The ``thc`` operator command: one Flask CLI group for everything an operator does.

Help texts are in English (operators' tooling); what a command reports from a service (a
``ServiceError``) is the service's French message."""

import getpass
import logging
import os

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from .backups.cli import backup_command, restore_command
from .extensions import socketio
from .gc_tuning import tune_for_serving
from .transaction import transactional


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@with_appcontext
def run_command(host, port):
    """Serve the application with Socket.IO.

    Refuses a port already in use, and a second process on a SQLite database unless every
    process shares Redis (THC_REDIS_URL)."""
    from .serving import ensure_port_free, hold_sqlite_lock

    ensure_port_free(host, port)
    lock = hold_sqlite_lock(current_app.config)  # noqa: F841 - held while serving
    mode = current_app.config["THC_ASYNC_MODE"]
    click.echo(f"THC Participation on http://{host}:{port} (Socket.IO: {mode})")
    app = current_app._get_current_object()
    tune_for_serving()
    socketio.run(app, host=host, port=port, use_reloader=False, log_output=False)


@click.command("demo")
@with_appcontext
@transactional
def demo_command():
    """Load the demo territory once (does nothing if it is already there).

    Each module's demo data is committed as it is loaded."""
    from .demo import load_demo

    click.echo(load_demo())


@click.command("create-admin")
@click.option("--email", required=True, help="E-mail address of the account.")
@click.option("--name", "display_name", required=True, help="Name shown on the platform.")
@click.option("--password", envvar="THC_ADMIN_PASSWORD", default=None,
              help="Password (12 characters or more); asked for when omitted. "
                   "Environment: THC_ADMIN_PASSWORD.")
@with_appcontext
@transactional
def create_admin_command(email, display_name, password):
    """Create a confirmed network admin account (or make an existing account admin)."""
    from .accounts.services import create_admin
    from .errors import ServiceError

    if password is None:
        password = getpass.getpass("Password (12 characters or more): ")
    try:
        user = create_admin(email, display_name, password)
    except ServiceError as exc:  # the operator reads the service's message; nothing is saved
        raise click.ClickException(exc.message) from exc
    click.echo(f"Network admin: {user.email}")


audit_group = AppGroup("audit", help="The management action log.")


@audit_group.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Days an entry is kept (default: THC_AUDIT_RETENTION_DAYS or 365).")
@transactional
def audit_purge_command(days):
    """Delete the action log's entries older than its retention period."""
    from .retention import purge_audit_log

    deleted = purge_audit_log(days=days)
    click.echo(f"{deleted} entrée(s) du journal supprimée(s).")


@click.command("worker")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Tasks run at the same time.")
@with_appcontext
def worker_command(workers):
    """Run the background jobs: the long jobs started from the pages (draw freezing, pool
    imports, the action-plan mailing, verification bundles), the daily backup, the daily
    retention purges and event reminders. Keep it running beside `thc run` (one per machine);
    the queue is <instance>/huey.db, or Redis when THC_REDIS_URL is set. It runs niced
    (THC_WORKER_NICE, 10) so that the web processes come first."""
    from . import jobs

    # CPU-heavy jobs (a LEXIMIN lottery) yield the processor to the web processes first.
    os.nice(current_app.config["THC_WORKER_NICE"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    click.echo(f"THC Participation worker ({workers} worker(s)); Ctrl-C to stop.")
    jobs.run_consumer(current_app._get_current_object(), workers=workers)


@click.command("deploy-local")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Web worker processes (`thc run`) behind nginx.")
@click.option("--port", default=8080, show_default=True, type=int,
              help="Port nginx listens on (127.0.0.1).")
@click.option("--database-url", envvar="THC_DEPLOY_DATABASE_URL", default=None,
              help="PostgreSQL database to use (default: a throw-away server, deleted on stop).")
@click.option("--redis-url", envvar="THC_DEPLOY_REDIS_URL", default=None,
              help="Redis to use (default: a throw-away server).")
@click.option("--instance-dir", default=None, type=click.Path(file_okay=False),
              help="Instance folder shared by every process (default: a temporary one).")
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Load the demo territory.")
def deploy_local_command(workers, port, database_url, redis_url, instance_dir, demo):
    """Run the production topology on this machine: PostgreSQL, Redis, WORKERS web workers,
    the job worker and nginx (deploy/nginx.conf.j2) in front; Ctrl-C stops everything."""
    from .serving import ensure_port_free
    from .topology import Topology, wait_until_signalled

    ensure_port_free("127.0.0.1", port)
    topology = Topology(workers=workers, port=port, database_url=database_url,
                        redis_url=redis_url, instance_dir=instance_dir, demo=demo,
                        log=click.echo)
    click.echo("Démarrage de la topologie de production locale…")
    topology.start()
    try:
        click.echo(topology.describe())
        click.echo("Ctrl-C pour tout arrêter.")
        exited = wait_until_signalled(topology)
    finally:
        click.echo("Arrêt de tous les processus…")
        topology.stop()
    if exited is not None:
        raise click.ClickException(
            f"{exited.name} s'est arrêté (code {exited.process.returncode}) : tout a été arrêté.")


@click.command("nginx-config")
@click.option("--server-name", required=True, help="The site's name, e.g. participation.ville.fr.")
@click.option("--port", "ports", multiple=True, type=int, default=(8001, 8002),
              show_default=True, help="Port of a web worker (thc-web@PORT); repeat for each.")
@click.option("--certificate", default=None,
              help="TLS certificate (default: Let's Encrypt's for the server name).")
@click.option("--certificate-key", default=None, help="Its private key.")
def nginx_config_command(server_name, ports, certificate, certificate_key):
    """Print the nginx site for a real server (HTTPS), rendered from deploy/nginx.conf.j2."""
    from .deploy_config import render_site

    live = f"/etc/letsencrypt/live/{server_name}"
    click.echo(render_site(
        ports, server_name=server_name, tls=True,
        tls_certificate=certificate or f"{live}/fullchain.pem",
        tls_certificate_key=certificate_key or f"{live}/privkey.pem"), nl=False)


def register_cli(app, module_clis):
    for command in (run_command, worker_command, demo_command, create_admin_command,
                    audit_group, backup_command, restore_command, deploy_local_command,
                    nginx_config_command):
        app.cli.add_command(command)
    for group in module_clis:
        app.cli.add_command(group)


def _create_app():
    from . import create_app

    return create_app()


cli = FlaskGroup(
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
    help="THC Participation: operator commands (serve, migrate the database, load demo data, "
         "manage accounts, send mailings, verify draws).",
)
