"""The ticket status page (/t/...) on a citizen's phone, 390x844, in Chromium against a real server.

Personas: Ibu Siti, who scans the QR on her ticket; Loket 1's clerk, who moves her on.
"""

from __future__ import annotations

from tests.pages.conftest import PHONE_SIZE
from tests.pages.layout import layout_problems

ON_THE_CARD = ".card .label, #number, #service, .headline, .facts dt, .facts dd, .callout-text, #updated, #lang"


def open_phone(new_context, url: str, locale: str = "id-ID"):
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale=locale).new_page()
    phone.goto(url)
    phone.locator("#facts dd").first.wait_for()
    return phone


def inside_card(phone) -> list[str]:
    """Every fact's value ends inside the card (the defect: the values column ran past it)."""
    return phone.evaluate("""(() => {
      const card = document.getElementById('card').getBoundingClientRect();
      return [...document.querySelectorAll('#facts dt, #facts dd')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.right > card.right - 4 || r.left < card.left + 4 || e.scrollWidth > e.clientWidth + 1;
      }).map(e => e.textContent);
    })()""")


def test_every_value_stays_on_the_card_at_390_px(server, siti, front_office, new_context, artifacts):
    # Ibu Siti was sent on to the back office: her page has its longest facts (a note, the NIK)
    siti.takes_ticket("A")
    ticket = front_office.calls_next().json()
    front_office.transfers(ticket, "E").raise_for_status()
    phone = open_phone(new_context, siti.ticket["status_url"])
    phone.get_by_text("Dialihkan", exact=False).wait_for()
    phone.screenshot(path=str(artifacts / "status-transferred-390x844.png"), full_page=True)
    assert inside_card(phone) == []
    assert layout_problems(phone, ON_THE_CARD) == []
    phone.screenshot(path=str(artifacts / "status-transferred-390x844.png"), full_page=True)
