"""Kiosk settings: file, then flags; bad values stop the start with a clear sentence."""

import pytest

from kiosk.config import ConfigError, PrinterSpec, load_config


@pytest.mark.parametrize("text,expected", [
    ("preview:demo-data/tickets", PrinterSpec("preview", path="demo-data/tickets")),
    ("network:192.168.1.50", PrinterSpec("network", host="192.168.1.50", port=9100)),
    ("network:printer.local:9101", PrinterSpec("network", host="printer.local", port=9101)),
    ("usb:04b8:0e15", PrinterSpec("usb", vendor=0x04B8, product=0x0E15)),
    ("serial:/dev/ttyUSB0:19200", PrinterSpec("serial", path="/dev/ttyUSB0", baud=19200)),
    ("serial:/dev/ttyS0", PrinterSpec("serial", path="/dev/ttyS0", baud=9600)),
    ("file:/dev/usb/lp0", PrinterSpec("file", path="/dev/usb/lp0")),
])
def test_printer_specs(text, expected):
    assert PrinterSpec.parse(text) == expected


@pytest.mark.parametrize("text", ["", "laser", "usb:xyz", "network:", "serial:/dev/x:fast", "preview:"])
def test_bad_printer_specs_say_what_is_allowed(text):
    with pytest.raises(ConfigError, match="network:HOST"):
        PrinterSpec.parse(text)


def test_file_then_flags(tmp_path):
    f = tmp_path / "kiosk.toml"
    f.write_text('[kiosk]\nserver_url = "http://10.0.0.2:8000"\npaper = 58\nidle_seconds = 45\n'
                 'window_size = "1366x768"\n')
    cfg = load_config(f, paper=80, kiosk_key="k")
    assert (cfg.server_url, cfg.paper, cfg.idle_seconds, cfg.kiosk_key, cfg.window_size) == \
        ("http://10.0.0.2:8000", 80, 45, "k", (1366, 768))


@pytest.mark.parametrize("content,match", [
    ("paper = 57", "58 or 80"),
    ("idle_seconds = 'soon'", "must be a number"),
    ("fullscreen = 'yes'", "true or false"),
    ("colour = 'red'", "unknown setting"),
    ("server_url = 'ftp://x'", "http://"),
])
def test_bad_values_name_the_key(tmp_path, content, match):
    f = tmp_path / "kiosk.toml"
    f.write_text(content + "\n")
    with pytest.raises(ConfigError, match=match):
        load_config(f)


def test_the_event_stream_is_on_by_default_with_a_slow_poll_behind_it(tmp_path):
    cfg = load_config(None)
    assert cfg.event_stream and cfg.refresh_seconds >= 15 and cfg.stream_refresh_seconds >= 60
    f = tmp_path / "kiosk.toml"
    f.write_text("event_stream = false\nstream_refresh_seconds = 0\n")
    with pytest.raises(ConfigError, match=f"{f}.*stream_refresh_seconds"):
        load_config(f)
