"""Settings: file, then environment, then flags; clear errors for bad values."""

import pytest

from server.settings import SettingsError, load_settings


def test_defaults_file_env_and_flags(tmp_path):
    cfg = tmp_path / "antre.toml"
    cfg.write_text('[server]\nport = 9001\ntimezone = "Asia/Makassar"\nnik_retention_days = 10\n')
    s = load_settings(cfg, env={"ANTRE_NIK_RETENTION_DAYS": "20"}, host="0.0.0.0")
    assert (s.port, s.timezone, s.nik_retention_days, s.host) == (9001, "Asia/Makassar", 20, "0.0.0.0")
    assert load_settings(env={}).timezone == "Asia/Jakarta"


def test_bad_value_names_the_source_and_key(tmp_path):
    cfg = tmp_path / "antre.toml"
    cfg.write_text('port = "eighty"\n')
    with pytest.raises(SettingsError, match=r"antre.toml: key 'port'.*integer"):
        load_settings(cfg, env={})
    with pytest.raises(SettingsError, match=r"ANTRE_TIMEZONE.*IANA"):
        load_settings(env={"ANTRE_TIMEZONE": "Jakarta"})
    with pytest.raises(SettingsError, match=r"ANTRE_ACCESS_LOG"):
        load_settings(env={"ANTRE_ACCESS_LOG": "perhaps"})


def test_unknown_key_and_broken_file(tmp_path):
    cfg = tmp_path / "antre.toml"
    cfg.write_text("prot = 80\n")
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings(cfg, env={})
    cfg.write_text("port = \n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(cfg, env={})
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "missing.toml", env={})
