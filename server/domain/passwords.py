"""How strong a staff password must be: longer for the accounts that can change everything.

Admins and supervisors at least 10 characters, clerks at least 8; never the
username itself or one of the passwords every guesser tries first.
"""

from __future__ import annotations

from typing import Optional

MIN_LENGTH = {"admin": 10, "supervisor": 10, "staff": 8}

# The first guesses of anyone trying (lists of the most used passwords), and the
# obvious local ones. Compared case-insensitively.
COMMON = frozenset({
    "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "12345678", "123456789",
    "1234567890", "0123456789", "87654321", "11111111", "00000000", "qwerty123", "qwertyuiop", "1q2w3e4r",
    "1q2w3e4r5t", "abc12345", "abcd1234", "iloveyou", "sunshine", "princess", "football", "superman",
    "welcome1", "welcome123", "letmein123", "administrator", "admin12345", "admin123456", "changeme",
    "changeme123", "rahasia", "rahasia123", "bismillah", "indonesia", "indonesia1", "jakarta123",
    "dinassosial", "dinsos123", "antrean123", "antrian123", "petugas123", "katasandi", "katasandi123",
})


def problem(password: str, username: Optional[str], role: str) -> Optional[tuple[str, str]]:
    """Why ``password`` is not good enough for an account of ``role``, as (Indonesian, English), or None."""
    if not isinstance(password, str):
        return "Kata sandi harus berupa teks.", "The password must be text."
    minimum = MIN_LENGTH.get(role if isinstance(role, str) else "", max(MIN_LENGTH.values()))
    if len(password) < minimum:
        return (f"Kata sandi minimal {minimum} karakter untuk peran ini.",
                f"Passwords need at least {minimum} characters for this role.")
    lowered = password.lower()
    if username and lowered == username.lower():
        return "Kata sandi tidak boleh sama dengan nama pengguna.", "The password may not be the username."
    if lowered in COMMON or len(set(password)) <= 2:
        return "Kata sandi ini terlalu umum dan mudah ditebak.", "This password is too common and easy to guess."
    return None
