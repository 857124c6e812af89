"""The nginx configuration, rendered from the ONE template in ``deploy/nginx.conf.j2``: for a
real server (``thc nginx-config``: TLS, its name) and for the local topology
(``thc deploy-local``: plain HTTP on loopback, plus a minimal main file around it)."""

from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
DEPLOY_DIR = ROOT / "deploy"
STATIC_ROOT = Path(__file__).resolve().parent / "static"
MIME_TYPES = "/etc/nginx/mime.types"


def render_site(upstream_ports, *, server_name="_", listen=None, tls=False,
                tls_certificate=None, tls_certificate_key=None, static_root=STATIC_ROOT,
                access_log="/var/log/nginx/thc.access.log"):
    """The site file (nginx's ``http`` context) in front of web workers on ``upstream_ports``."""
    if not upstream_ports:
        raise ValueError("at least one web worker port")
    if tls and not (tls_certificate and tls_certificate_key):
        raise ValueError("TLS needs a certificate and its key")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(DEPLOY_DIR),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             autoescape=False)
    return env.get_template("nginx.conf.j2").render(
        upstream_ports=list(upstream_ports), server_name=server_name, listen=listen, tls=tls,
        tls_certificate=tls_certificate, tls_certificate_key=tls_certificate_key,
        static_root=str(static_root).rstrip("/"), access_log=access_log)


def render_local_main(prefix, site_file):
    """A main nginx.conf for an nginx of our own (not the system's) that includes the site:
    everything it writes stays under ``prefix``."""
    prefix = Path(prefix)
    temp = "\n".join(f"    {name}_temp_path {prefix / 'tmp' / name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# Local topology (thc deploy-local): nginx run in the foreground by the command.
pid {prefix / 'nginx.pid'};
error_log {prefix / 'logs' / 'nginx-error.log'} warn;
worker_processes 1;
worker_rlimit_nofile 16384;

events {{
    worker_connections 8192;
}}

http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
{temp}
    include {site_file};
}}
"""
