"""The deployment files in `deploy/`: the example environment trusts exactly the one nginx
in front, and the app then takes the client's address and scheme from it."""

import shutil
import subprocess

from flask import request, request_started

from thc_participation.deploy_config import render_local_main, render_site

from ..support.servers import ROOT

DEPLOY = ROOT / "deploy"


def _env_example():
    values = {}
    for line in (DEPLOY / "thc.env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.strip('"')
    return values


def test_the_example_environment_trusts_one_proxy_and_holds_no_secret():
    env = _env_example()
    assert env["THC_TRUSTED_PROXIES"] == "1"
    assert env["THC_ENV"] == "production" and env["THC_BASE_URL"].startswith("https://")
    assert "THC_SECRET_KEY" not in env  # the instance generates its own
    assert env["THC_MAIL_PASSWORD"] == "CHANGE-ME" and "CHANGE-ME" in env["THC_DATABASE_URL"]


def _seen(app, headers):
    seen = {}

    def record(sender, **extra):
        seen.update(addr=request.remote_addr, scheme=request.scheme)

    with request_started.connected_to(record, app):
        app.test_client().get("/", headers=headers,
                              environ_base={"REMOTE_ADDR": "127.0.0.1"})
    return seen


def test_the_app_behind_the_proxy_sees_the_client_address_and_scheme(make_app):
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    proxied = make_app(THC_TRUSTED_PROXIES=int(_env_example()["THC_TRUSTED_PROXIES"]))
    assert _seen(proxied, headers) == {"addr": "203.0.113.9", "scheme": "https"}
    # A client cannot choose its address by sending the header itself: nginx replaces it
    # with $remote_addr, and one hop only is trusted.
    spoofed = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9", "X-Forwarded-Proto": "https"}
    assert _seen(proxied, spoofed)["addr"] == "203.0.113.9"
    # Without a trusted proxy the header is ignored.
    direct = make_app(THC_TRUSTED_PROXIES=0)
    assert _seen(direct, headers) == {"addr": "127.0.0.1", "scheme": "http"}


def test_nginx_passes_the_client_address_and_upgrades_websockets():
    # One template for the real server and the local topology (thc nginx-config renders it).
    conf = render_site([8001, 8002], server_name="participation.example.fr", tls=True,
                       tls_certificate="/etc/ssl/thc.pem", tls_certificate_key="/etc/ssl/thc.key")
    assert "server 127.0.0.1:8001 " in conf and "server 127.0.0.1:8002 " in conf
    assert "hash $thc_route consistent;" in conf  # sticky Socket.IO long-polling
    assert "listen 443 ssl" in conf and "ssl_certificate     /etc/ssl/thc.pem;" in conf
    assert "proxy_set_header X-Forwarded-For   $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    socket_block = conf.split("location /socket.io/", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade    $http_upgrade;" in socket_block
    assert "proxy_set_header Connection $connection_upgrade;" in socket_block
    # A location that sets headers inherits none: the socket one repeats the client's address.
    assert "proxy_set_header X-Forwarded-For   $remote_addr;" in socket_block
    # Plain HTTP on loopback for the local topology, from the same template.
    local = render_site([5001], listen="127.0.0.1:8080")
    assert "listen 127.0.0.1:8080;" in local and "ssl" not in local.split("server {", 1)[1]


def test_the_real_server_configuration_passes_nginx_own_check(app, tmp_path):
    """`thc nginx-config` renders a configuration nginx accepts (TLS with a throw-away
    self-signed certificate; the access log moved to the temporary folder)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=participation.example.fr", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    result = app.test_cli_runner().invoke(args=[
        "nginx-config", "--server-name", "participation.example.fr", "--port", "8001",
        "--port", "8002", "--certificate", str(cert), "--certificate-key", str(key)])
    assert result.exit_code == 0, result.output
    site = tmp_path / "thc.conf"
    site.write_text(result.output.replace("/var/log/nginx/", f"{tmp_path}/"), encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(render_local_main(tmp_path, site), encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    (tmp_path / "logs").mkdir()
    check = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-q", "-p",
                            str(tmp_path), "-c", str(main), "-e", str(tmp_path / "error.log")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
