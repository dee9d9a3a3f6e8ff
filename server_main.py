"""Start the Antre queue server, or do a technician's maintenance task.

    python server_main.py --demo                      # demo office on http://127.0.0.1:8000
    python server_main.py --config antre.toml         # a real office
    python server_main.py --processes 2 ...           # one server process per core (server/http/processes.py)
    python server_main.py backup FILE [--data-dir D]  # consistent copy while the server runs
    python server_main.py restore FILE [--data-dir D] # with the server stopped
    python server_main.py create-admin NAME [--data-dir D]
    python server_main.py demo-history --days N [--data-dir D]  # past office days for demos, benchmarks
    python server_main.py import antre.db            # an office's SQLite file into ANTRE_DATABASE_URL
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from server.settings import SettingsError, load_settings

COMMANDS = ("backup", "restore", "create-admin", "demo-history", "import")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, help="folder for the database and generated files (default ./data)")
    p.add_argument("--config", type=Path, help="TOML settings file ([server] table or top level)")


def serve_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="server_main.py", description="Antre queue server.",
        epilog="Maintenance: server_main.py {backup,restore,create-admin,demo-history,import} --help")
    p.add_argument("--demo", action="store_true", help="seed the demo Dinas Sosial office if the database is empty "
                                                       "(data directory ./demo-data unless --data-dir)")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8000)")
    p.add_argument("--processes", type=int, help="server processes sharing the port and the database "
                                                 "(default 1; one per processor core on a busy office's server)")
    p.add_argument("--lan", action="store_true",
                   help="reachable from the office network: listen on every address and put this "
                        "machine's LAN address in QR codes and device instructions (unless public_url is set)")
    _common(p)
    return p


def _settings(args, **extra):
    return load_settings(args.config, data_dir=args.data_dir, **extra)


def serve(argv) -> int:
    args = serve_parser().parse_args(argv)
    data_dir = args.data_dir or (Path("demo-data") if args.demo else None)
    settings = load_settings(args.config, host=args.host, port=args.port, data_dir=data_dir,
                             processes=args.processes)
    if args.lan:
        settings = on_the_lan(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import uvicorn

    from server.demo import credentials_path, seed_demo
    from server.http.app import create_app
    from server.http.serving import lan_address, raise_open_file_limit, uvicorn_options
    from server.storage.maintenance import lock_data_dir

    lock = lock_data_dir(settings.data_dir)  # noqa: F841  (held until the process ends)

    def seed(c):
        if not args.demo:
            return
        creds = seed_demo(c)
        base = settings.base_url
        out = [f"\nAntre demo office is running at {base}",
               f"  staff workstation  {base}/staff", f"  lobby display      {base}/display",
               f"  administration     {base}/admin", f"  pairing a TV       {base}/pair",
               f"  API documentation  {base}/docs"]
        if settings.host.startswith("127.") or settings.host == "localhost":
            lan = lan_address()
            out.append("\nOnly this computer can open these addresses; phones (the ticket's QR code) and TVs cannot."
                       + (f"\nFor the office network ({lan}), start with --lan:  bash scripts/demo.sh --lan"
                          if lan else "\nThis computer has no network address now; connect it and start with --lan."))
        if creds:
            out.append(f"\nDemo credentials (shown once; also in {credentials_path(settings.data_dir)}, "
                       "readable only by you):")
            out.append(f"  admin      {creds['admin']['username']} / {creds['admin']['password']}")
            out.append(f"  supervisor {creds['supervisor']['username']} / {creds['supervisor']['password']}")
            out += [f"  staff      {s['username']} / {s['password']}  (counter {s['counter']})"
                    for s in creds["staff"]]
            out.append(f"  kiosk key  {creds['kiosk_key']}\n")
        else:
            out.append(f"\nDemo credentials: see {credentials_path(settings.data_dir)}\n")
        print("\n".join(out), flush=True)

    # Before the protocol sizes its connection budget: 1024 files is a common soft limit.
    raise_open_file_limit()
    options = dict(uvicorn_options(settings), access_log=settings.access_log, timeout_graceful_shutdown=2,
                   log_level="info")
    if settings.processes > 1:
        from server.http import processes
        processes.prepare(settings, seed)
        return processes.serve(settings, processes.run_uvicorn(create_app(settings), options))
    uvicorn.run(create_app(settings, seed=seed), **options)
    return 0


def on_the_lan(settings):
    """Settings for --lan: every address, and a public URL other machines can open."""
    from server.http.serving import lan_address
    changes = {"host": "0.0.0.0"}
    address = lan_address()
    if settings.public_url is None and address:
        changes["public_url"] = f"http://{address}:{settings.port}"
    return settings.model_copy(update=changes)


def backup(argv) -> int:
    p = argparse.ArgumentParser(prog="server_main.py backup",
                                description="Copy the database consistently, even while the server runs.")
    p.add_argument("file", type=Path, help="where to write the backup")
    _common(p)
    args = p.parse_args(argv)
    from server.storage.maintenance import backup as do_backup
    settings = _settings(args)
    info = do_backup(settings.data_dir / "antre.db", args.file)
    print(f"backup written to {args.file}: {info['tickets']} tickets, schema version {info['schema_version']}")
    return 0


def restore(argv) -> int:
    p = argparse.ArgumentParser(prog="server_main.py restore",
                                description="Replace the database with a backup (stop the server first).")
    p.add_argument("file", type=Path, help="a file written by 'backup'")
    _common(p)
    args = p.parse_args(argv)
    from server.storage.maintenance import restore as do_restore
    settings = _settings(args)
    info = do_restore(args.file, settings.data_dir)
    print(f"restored {args.file}: {info['tickets']} tickets" +
          (f"; the previous database is kept as {info['previous_saved_as']}" if "previous_saved_as" in info else ""))
    return 0


def create_admin(argv) -> int:
    p = argparse.ArgumentParser(prog="server_main.py create-admin",
                                description="Create an admin account (or reset its password).")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    _common(p)
    args = p.parse_args(argv)
    from server.storage.maintenance import create_admin as do_create
    settings = _settings(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    password = sys.stdin.readline().strip() if args.password_stdin else None
    if password is not None and len(password) < 8:
        print("antre: the password needs at least 8 characters", file=sys.stderr)
        return 2
    created = do_create(settings.db_url, args.username, password)
    if password is None:
        print(f"admin '{args.username}' ready; password (shown once): {created}")
    else:
        print(f"admin '{args.username}' ready")
    return 0


def import_office(argv) -> int:
    p = argparse.ArgumentParser(prog="server_main.py import",
                                description="Move an office's SQLite database into the central PostgreSQL "
                                            "database (ANTRE_DATABASE_URL or database_url). Stop its server first.")
    p.add_argument("file", type=Path, help="the office's antre.db")
    _common(p)
    args = p.parse_args(argv)
    settings = _settings(args)
    if not settings.database_url or settings.database_url.startswith("sqlite"):
        print("antre: set ANTRE_DATABASE_URL (or database_url) to the central PostgreSQL database", file=sys.stderr)
        return 2
    from server.storage.office_import import import_office as do_import
    copied = do_import(args.file, settings.database_url)
    print(f"imported {args.file}: {copied['tickets']} tickets, {copied['users']} accounts, "
          f"{copied['events']} events, {sum(copied.values())} rows in {len(copied)} tables. Copy the office's "
          f"data folder (uploaded files) to the central servers too.")
    return 0


def demo_history(argv) -> int:
    p = argparse.ArgumentParser(prog="server_main.py demo-history",
                                description="Fill the database with realistic past office days (seeds the demo "
                                            "office if the database is empty). Stop the server first.")
    p.add_argument("--days", type=int, required=True, help="how many calendar days before today (365: a year)")
    p.add_argument("--per-day", type=int, default=120, help="visitors on an ordinary working day (default 120)")
    p.add_argument("--seed", type=int, default=1, help="same seed, same history (default 1)")
    _common(p)
    args = p.parse_args(argv)
    if not 1 <= args.days <= 3660 or not 1 <= args.per_day <= 5000:
        print("antre: --days must be 1-3660 and --per-day 1-5000", file=sys.stderr)
        return 2
    from server.demo_history import run
    made = run(_settings(args), args.days, args.per_day, args.seed)
    print(f"demo history: {made.days} working days, {made.tickets} tickets, {made.surveys} survey answers, "
          f"{made.complaints} complaints")
    if made.creds:
        from server.demo import credentials_path
        settings = _settings(args)
        print(f"The demo office was created. Credentials (shown once; also in "
              f"{credentials_path(settings.data_dir)}, readable only by you):")
        print(f"  admin      {made.creds['admin']['username']} / {made.creds['admin']['password']}")
        print(f"  supervisor {made.creds['supervisor']['username']} / {made.creds['supervisor']['password']}")
        for s in made.creds["staff"]:
            print(f"  staff      {s['username']} / {s['password']}  (counter {s['counter']})")
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    handlers = {"backup": backup, "restore": restore, "create-admin": create_admin, "demo-history": demo_history,
                "import": import_office}
    try:
        if argv and argv[0] in handlers:
            return handlers[argv[0]](argv[1:])
        return serve(argv)
    except SettingsError as exc:
        print(f"antre: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a maintenance failure is a message, not a traceback
        from server.storage.files import DataDirProblem
        if isinstance(exc, (DataDirProblem, FileNotFoundError, ValueError)):
            print(f"antre: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
