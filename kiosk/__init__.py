"""The lobby kiosk: a citizen takes a number, types the NIK, and walks away with a ticket.

Everything except ``kiosk.app`` and ``kiosk.screens`` is plain Python without Kivy,
so the journey, the API client, the ticket layout and the printers are tested
without a window.
"""
