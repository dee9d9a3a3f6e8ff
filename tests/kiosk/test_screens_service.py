"""The service screen at every supported size with one to eight services: the heading stays,
every tile has the same size and lines up with its row and column, its words stay inside it,
and each tile shows its pictogram."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kiosk.devices.memory import MemoryPrinter
from kiosk.screens.pictograms import pictogram_name, tile_grid
from kiosk.ticket import PAPERS
from server.storage.schema import services
from tests.kiosk.conftest import SIZES
from tests.kiosk.test_gui import assert_everything_fits

MORE = [  # added to the demo office's A-E: long names, as real offices write them
    ("F", "Rekomendasi Bantuan Pendidikan dan Beasiswa Anak Sekolah", "School aid and scholarship letters"),
    ("G", "Kartu Indonesia Sehat (KIS) dan BPJS Kesehatan PBI", "Health insurance for the poor (KIS, BPJS PBI)"),
    ("H", "Layanan Penyandang Disabilitas dan Lanjut Usia", "Services for people with disabilities and the elderly"),
]


def offer(server, count: int) -> None:
    """The first ``count`` of A-H are offered at the kiosk, the rest are not."""
    codes = "ABCDEFGH"
    server.sql(services.update().where(services.c.code.in_(list(codes[:count]))).values(kiosk_visible=True),
               services.update().where(services.c.code.in_(list(codes[count:]))).values(kiosk_visible=False))


def boxes_in_window(widget):
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


@pytest.mark.parametrize("size_name", ["tablet", "laptop", "portrait", "landscape"])
def test_given_one_to_eight_services_when_ibu_siti_chooses_then_tiles_are_equal_aligned_and_the_heading_stays(
        server, open_kiosk, size_name):
    server.sql(*[services.insert().values(code=code, name_id=name, name_en=en, position=10 + i)
                 for i, (code, name, en) in enumerate(MORE)])
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES[size_name])
    k.wait(lambda: k.c.feed.services)
    k.tap(k.ids("welcome").start)
    screen = k.root.screen("service")
    width, height = SIZES[size_name]
    for count in range(1, 9):
        offer(server, count)
        k.wait(lambda: len(k.c.feed.services) == count and len(screen.ids.tiles.children) == count)
        k.pump(6)
        k.shot(f"kiosk-{size_name}-{width}x{height}-service-{count}")
        assert_everything_fits(k)
        title = boxes_in_window(screen.ids.title)
        nav = boxes_in_window(screen.ids.nav)
        assert title[1] + title[3] <= height - k.root.ids.header.height + 1, f"{count}: heading under the header"
        tiles = [boxes_in_window(t) for t in reversed(screen.ids.tiles.children)]
        cols, rows = tile_grid(count, width > height)
        assert {(round(w), round(h)) for _, _, w, h in tiles} == {(round(tiles[0][2]), round(tiles[0][3]))}, \
            f"{count} services: tiles of different sizes {tiles}"
        for i, (x, y, w, h) in enumerate(tiles):
            row, col = divmod(i, cols)
            assert abs(y - tiles[row * cols][1]) < 1 and abs(x - tiles[col][0]) < 1, f"{count}: tile {i} out of line"
            assert y + h <= title[1] + 1, f"{count} services: tile {i} covers the heading"
            assert y >= nav[1] + nav[3] - 1, f"{count} services: tile {i} covers the bar"
        assert len({round(t.scale, 3) for t in screen.ids.tiles.children}) == 1, f"{count}: words of many sizes"
        for tile in screen.ids.tiles.children:
            words = tile.ids.words
            assert words.texture_size[1] <= words.height + 1 and words.texture_size[0] <= words.width + 1, \
                f"{count} services: {tile.service_code}'s words do not fit its tile"
            assert tile.ids.picture.texture is not None and tile.ids.picture.width > 0
    k.tap(screen.tile("C"))
    assert k.screen == "priority" and k.c.journey.service["code"] == "C"


def test_each_demo_service_gets_a_pictogram_of_its_own():
    names = {"Surat Keterangan DTKS": "document", "Informasi & Layanan Bansos (PKH, SEMBAKO, KIS, KIP)": "aid",
             "Pengaduan": "complaint", "Informasi Umum": "info", "Layanan Lain": "people"}
    assert {n: pictogram_name({"name": n}) for n in names} == names
    assert pictogram_name({"name": "Pengaduan", "icon": "health"}) == "health"


def test_given_the_admin_picks_a_pictogram_for_a_service_then_the_kiosk_tile_shows_it(server, open_kiosk):
    admin = server.admin()
    listed = {s["code"]: s for s in admin.get("/api/admin/services").json()}
    wrong = admin.put(f"/api/admin/services/{listed['D']['id']}", json={"icon": "rocket"})
    assert wrong.status_code == 422 and "icon" in wrong.text
    assert admin.put(f"/api/admin/services/{listed['D']['id']}", json={"icon": "health"}).status_code == 200
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]))
    k.wait(lambda: k.c.feed.services)
    assert {s["code"]: s["icon"] for s in k.c.feed.services} == {"A": "", "B": "", "C": "", "D": "health"}
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    screen = k.root.screen("service")
    assert screen.tile("D").picture.endswith("health.png")       # chosen by the office
    assert screen.tile("C").picture.endswith("complaint.png")    # chosen from the name "Pengaduan"
