"""Start the Antre queue server.

    python server_main.py --demo            # demo office on http://127.0.0.1:8000
    python server_main.py --config antre.toml
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from server.settings import SettingsError, load_settings


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="server_main.py", description="Antre queue server")
    p.add_argument("--demo", action="store_true", help="seed the demo Dinas Sosial office if the database is empty")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8000)")
    p.add_argument("--data-dir", type=Path, help="folder for the database and generated files")
    p.add_argument("--config", type=Path, help="TOML settings file ([server] table or top level)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    data_dir = args.data_dir or (Path("demo-data") if args.demo else None)
    try:
        settings = load_settings(args.config, host=args.host, port=args.port, data_dir=data_dir)
    except SettingsError as exc:
        print(f"antre: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import uvicorn

    from server.app import create_app
    from server.demo import credentials_path, seed_demo

    def seed(c):
        if not args.demo:
            return
        creds = seed_demo(c)
        base = settings.base_url
        print(f"\nAntre demo office is running at {base}", flush=True)
        print(f"  staff workstation  {base}/staff\n  lobby display      {base}/display\n"
              f"  administration     {base}/admin\n  API documentation  {base}/docs", flush=True)
        if creds:
            print("\nDemo credentials (shown once; also in "
                  f"{credentials_path(settings.data_dir)}, readable only by you):", flush=True)
            print(f"  admin      {creds['admin']['username']} / {creds['admin']['password']}", flush=True)
            print(f"  supervisor {creds['supervisor']['username']} / {creds['supervisor']['password']}", flush=True)
            for s in creds["staff"]:
                print(f"  staff      {s['username']} / {s['password']}  (counter {s['counter']})", flush=True)
            print(f"  kiosk key  {creds['kiosk_key']}\n", flush=True)
        else:
            print(f"\nDemo credentials: see {credentials_path(settings.data_dir)}\n", flush=True)

    app = create_app(settings, seed=seed)
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=settings.access_log,
                timeout_graceful_shutdown=2, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
