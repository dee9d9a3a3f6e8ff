"""Pure, dependency-free rules shared by the server and the kiosk (no I/O, no frameworks)."""
