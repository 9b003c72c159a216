"""A real WordPress (Debian's packages) on loopback for the integration tests.

Everything is private to one test run: a MariaDB data folder and socket under a temporary
folder (no TCP), PHP's built-in server on a free 127.0.0.1 port with four workers (WordPress
calls itself during installation; one worker would deadlock until a timeout) and the router
beside this file, WordPress installed through its own installer, and an application password
for the administrator. Debian's ``wp-config.php`` reads ``/etc/wordpress/config-<name>.php``;
the instance gets its own name there, removed again on stop.

Run ``python tests/wordpress/site.py`` to start one by hand (Ctrl-C stops it).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
WORDPRESS = Path("/usr/share/wordpress")
ETC = Path("/etc/wordpress")
MARIADBD = "/usr/sbin/mariadbd"
#: What `make wordpress-deps` installs; a missing one is reported by name.
REQUIRED = {"php": "php-cli", MARIADBD: "mariadb-server", "mariadb-install-db": "mariadb-server",
            "mariadb": "mariadb-client", str(WORDPRESS / "wp-load.php"): "wordpress",
            # WordPress 6.1's default theme; without a theme the site serves empty pages.
            str(WORDPRESS / "wp-content/themes/twentytwentythree/style.css"): "wordpress-theme-twentytwentythree"}
ADMIN = "admin"


class SiteUnavailable(RuntimeError):
    """WordPress cannot run here (missing package, not root); the message says why."""


@dataclass
class WordPressSite:
    url: str
    user: str
    app_password: str
    folder: Path
    config_file: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        for proc in reversed(self.processes):
            _terminate(proc)
        self.config_file.unlink(missing_ok=True)


def missing_requirements() -> list[str]:
    missing = [f"{name} (Debian package {pkg})" for name, pkg in REQUIRED.items()
               if not (Path(name).exists() if name.startswith("/") else shutil.which(name))]
    if not missing and not os.access(ETC, os.W_OK):
        missing.append(f"write access to {ETC} (Debian's WordPress reads its configuration there; run as root)")
    return missing


def start_wordpress(folder: Path, timeout: float = 60.0) -> WordPressSite:
    """Start MariaDB and WordPress under ``folder``; raise SiteUnavailable if they cannot run."""
    missing = missing_requirements()
    if missing:
        raise SiteUnavailable("cannot start WordPress; missing: " + ", ".join(missing)
                              + " (run 'make wordpress-deps')")
    folder.mkdir(parents=True, exist_ok=True)
    name = "dragoman-test-" + secrets.token_hex(4)
    site = WordPressSite(url="", user=ADMIN, app_password="", folder=folder,
                         config_file=ETC / f"config-{name}.php")
    try:
        sock = _start_mariadb(folder, site, timeout)
        db_password = secrets.token_hex(8)
        _mariadb(sock, f"CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY '{db_password}';"
                       " GRANT ALL ON wp.* TO 'wp'@'localhost';")
        site.config_file.write_text(_wp_config(sock, db_password), "utf-8")
        port = _free_port()
        site.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "WORDPRESS_CONFIG": name, "PHP_CLI_SERVER_WORKERS": "4"}
        log = open(folder / "php.log", "wb")
        site.processes.append(subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(WORDPRESS), str(HERE / "router.php")],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        _wait(lambda: _port_open(port), timeout, "php -S to listen", folder / "php.log")
        admin_password = secrets.token_urlsafe(12)
        answer = requests.post(f"{site.url}/wp-admin/install.php?step=2", timeout=timeout, data={
            "weblog_title": "dragoman test site", "user_name": ADMIN, "admin_password": admin_password,
            "admin_password2": admin_password, "pw_weak": "1", "admin_email": "admin@example.org",
            "blog_public": "0", "language": ""})
        if "Success" not in answer.text:
            raise SiteUnavailable(f"WordPress installation failed (HTTP {answer.status_code}): "
                                  + " ".join(answer.text.split())[:300])
        created = subprocess.run(["php", str(HERE / "app_password.php")], env=env, timeout=timeout,
                                 capture_output=True, text=True)
        if created.returncode or not created.stdout.strip():
            raise SiteUnavailable(f"creating an application password failed: {created.stderr.strip()}")
        site.app_password = created.stdout.strip()
        return site
    except BaseException:
        site.stop()
        raise


def _start_mariadb(folder: Path, site: WordPressSite, timeout: float) -> Path:
    datadir, sock = folder / "db", folder / "mysql.sock"
    done = subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={datadir}", "--user=root",
                           "--auth-root-authentication-method=socket", "--skip-test-db"],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        raise SiteUnavailable(f"mariadb-install-db failed: {done.stderr.strip()[-500:]}")
    site.processes.append(subprocess.Popen(
        [MARIADBD, "--no-defaults", f"--datadir={datadir}", f"--socket={sock}", "--skip-networking",
         "--user=root", f"--pid-file={folder / 'mariadb.pid'}", f"--log-error={folder / 'mariadb.log'}",
         "--skip-log-bin", "--innodb-buffer-pool-size=32M"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    _wait(lambda: sock.exists() and _mariadb(sock, "SELECT 1", check=False) == 0, timeout,
          "MariaDB to accept connections", folder / "mariadb.log")
    return sock


def _mariadb(sock: Path, sql: str, check: bool = True) -> int:
    done = subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-u", "root", "-e", sql],
                          capture_output=True, text=True, timeout=30)
    if check and done.returncode:
        raise SiteUnavailable(f"MariaDB refused {sql!r}: {done.stderr.strip()}")
    return done.returncode


def _wp_config(sock: Path, db_password: str) -> str:
    keys = "".join(f"define('{k}', '{secrets.token_hex(16)}');\n" for k in (
        "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
        "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"))
    # WP_ENVIRONMENT_TYPE 'local' enables application passwords over plain http.
    return ("<?php\n"
            "define('DB_NAME', 'wp');\ndefine('DB_USER', 'wp');\n"
            f"define('DB_PASSWORD', '{db_password}');\ndefine('DB_HOST', 'localhost:{sock}');\n"
            "define('WP_ENVIRONMENT_TYPE', 'local');\ndefine('DISABLE_WP_CRON', true);\n" + keys)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(ready, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    tail = log.read_text("utf-8", "replace")[-800:] if log.exists() else ""
    raise SiteUnavailable(f"timed out after {timeout:g} s waiting for {what}; log {log}:\n{tail}")


def _terminate(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    import tempfile

    def interrupt(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    with tempfile.TemporaryDirectory(prefix="dragoman-wp-") as tmp:
        started = time.monotonic()
        site = start_wordpress(Path(tmp))
        print(f"WordPress at {site.url} (user {site.user}, application password {site.app_password}),"
              f" started in {time.monotonic() - started:.1f} s; Ctrl-C stops it", file=sys.stderr)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
        finally:
            site.stop()
