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


def test_a_phone_in_english_reads_the_page_in_english_and_can_switch(server, joko, front_office, new_context,
                                                                       artifacts):
    # Pak Joko's phone is set to English; he is called at Loket 1
    joko.takes_ticket("A")
    front_office.calls_next().raise_for_status()
    phone = open_phone(new_context, joko.ticket["status_url"], locale="en-US")
    phone.locator("#callout-text").get_by_text("Please go to Loket 1").wait_for()
    assert phone.locator(".card .label").inner_text().upper() == "YOUR QUEUE NUMBER"
    assert phone.locator("#service").inner_text() == "DTKS registration letter"
    assert phone.locator("#facts dd").first.inner_text() == "Called"     # the vocabulary's word
    assert phone.evaluate("document.documentElement.lang") == "en"
    assert layout_problems(phone, ON_THE_CARD) == []
    phone.screenshot(path=str(artifacts / "status-called-en-390x844.png"), full_page=True)

    # When he taps the visible switch, the page speaks Indonesian, and keeps to it after a reload
    phone.click("#lang")
    phone.locator("#callout-text").get_by_text("Silakan menuju Loket 1").wait_for()
    assert phone.locator("#lang").inner_text() == "English"
    phone.reload()
    phone.locator("#callout-text").get_by_text("Silakan menuju Loket 1").wait_for()
    assert phone.locator("#facts dd").first.inner_text() == "Dipanggil"


def test_an_indonesian_phone_gets_indonesian(server, siti, new_context):
    siti.takes_ticket("A")
    phone = open_phone(new_context, siti.ticket["status_url"], locale="id-ID")
    phone.get_by_text("Anda berikutnya").wait_for()
    assert phone.locator("#lang").inner_text() == "English"
    assert phone.evaluate("document.documentElement.lang") == "id"


def test_english_counts_one_person_in_the_singular(server, siti, joko, new_context):
    # Ibu Siti is first in line, Pak Joko (phone in English) right behind her
    siti.takes_ticket("A")
    joko.takes_ticket("A")
    phone = open_phone(new_context, joko.ticket["status_url"], locale="en-US")
    phone.get_by_text("1 person ahead of you").wait_for()
    assert "2 people" in phone.locator("#facts").inner_text()
