"""The one map from a domain error's code to its HTTP status.

The domain raises coded errors and knows nothing of HTTP (``server.domain.errors``);
every router answers them through this table. A code missing here is a bug the
test suite catches (``tests/test_vocabulary.py``), not a silent 500.
"""

from __future__ import annotations

from typing import Optional

from starlette.responses import JSONResponse

from server.domain.errors import MESSAGES, DomainError

STATUS: dict[str, int] = {
    # 401
    "unauthenticated": 401,
    "invalid_credentials": 401,
    # 403
    "forbidden": 403,
    "cross_site_request": 403,
    "bad_signature": 403,
    # 404
    "unknown_service": 404,
    "unknown_ticket": 404,
    "unknown_counter": 404,
    "not_found": 404,
    "unknown_user": 404,
    "unknown_device": 404,
    "invalid_pairing_code": 404,
    "unknown_holiday": 404,
    "unknown_complaint": 404,
    "unknown_application": 404,
    # 409
    "service_closed": 409,
    "not_leased": 409,       # an offline ticket numbered outside the kiosk's leased blocks (at sync)
    "outside_hours": 409,
    "quota_reached": 409,
    "invalid_transition": 409,
    "not_your_counter": 409,
    "counter_closed": 409,
    "same_service": 409,
    "counter_held": 409,
    "not_offered_at_kiosk": 409,
    "last_admin": 409,
    "request_id_reused": 409,
    "wrong_device_kind": 409,
    "not_counter_service": 409,
    "no_back_office_check": 409,
    "survey_already_answered": 409,
    "survey_not_available": 409,
    "office_holiday": 409,
    "complaint_status_backwards": 409,
    "not_online": 409,
    "application_open": 409,
    "application_step": 409,
    "not_open_to_phones": 409,
    "not_open_to_bookings": 409,
    "already_has_ticket": 409,
    "already_has_booking": 409,
    "slot_full": 409,
    "booking_other_day": 409,
    "already_checked_in": 409,
    "booking_cancelled": 409,
    "unknown_booking": 404,
    "unknown_code": 404,
    "invalid_slot": 422,
    # 400
    "malformed_request": 400,
    # 405, 408
    "method_not_allowed": 405,
    "request_timeout": 408,
    # 413, 415, 431
    "image_too_large": 413,
    "request_too_large": 413,
    "upload_too_large": 413,
    "unsupported_media_type": 415,
    "headers_too_large": 431,
    # 422
    "invalid_nik": 422,
    "invalid_priority": 422,
    "invalid_request": 422,
    "invalid_field": 422,
    "invalid_csv": 422,
    "invalid_upload": 422,
    "complaint_incomplete": 422,
    "invalid_image": 422,
    "reason_required": 422,
    "nik_required": 422,
    "unknown_outcome": 422,
    "outcome_required": 422,
    # 429
    "too_many_attempts": 429,
    "too_many_applications": 429,
    "too_many_requests": 429,
    "proof_required": 428,
    # 500, 503
    "internal_error": 500,
    "too_many_streams": 503,
    "server_busy": 503,
    "storage_full": 503,
    "uploads_full": 507,
}


def status_for(code: str) -> int:
    return STATUS[code]


def error_response(code: str, headers: Optional[dict] = None, **extra) -> JSONResponse:
    """The JSON answer for a code, for middleware that answers before any handler runs."""
    return JSONResponse(DomainError(code, **extra).as_dict(), status_code=status_for(code), headers=headers)


def unmapped_codes() -> set[str]:
    """Codes the domain knows that this table forgot (must stay empty)."""
    return set(MESSAGES) - set(STATUS)
