"""The report summary's shape, for the OpenAPI description that spreadsheets and BI tools read.

The figures themselves are defined in ``server.domain.reports``; these models only
name and describe the keys of the dict it builds (``GET /api/reports/summary``).
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

_COUNT = {
    "issued": "Tickets issued in the period (origin service, office day)",
    "served": "Finished (done)",
    "no_show": "Still skipped when their day closed (called, never came back)",
    "cancelled": "Cancelled",
    "expired": "Closed unfinished at the day's end, no-shows included",
    "transferred": "Sent on to another service at least once",
}
_TIME = {"wait": "issue to first call (called tickets)",
         "service": "start (or call) to finish, summed over every counter (served tickets)",
         "total": "issue to finish, across transfers (served tickets)"}


class Figures(BaseModel):
    """Counts, and times in seconds (one decimal; null without data)."""
    issued: Optional[int] = Field(None, description=_COUNT["issued"] + "; null per counter and clerk")
    served: int = Field(..., description=_COUNT["served"])
    no_show: Optional[int] = Field(None, description=_COUNT["no_show"])
    cancelled: Optional[int] = Field(None, description=_COUNT["cancelled"])
    expired: Optional[int] = Field(None, description=_COUNT["expired"])
    transferred: Optional[int] = Field(None, description=_COUNT["transferred"])
    wait_median_s: Optional[float] = Field(None, description="Median wait: " + _TIME["wait"])
    wait_p90_s: Optional[float] = Field(None, description="p90 (nearest rank) wait")
    wait_max_s: Optional[float] = Field(None, description="Longest wait")
    service_median_s: Optional[float] = Field(None, description="Median service time: " + _TIME["service"])
    service_p90_s: Optional[float] = Field(None, description="p90 service time")
    service_max_s: Optional[float] = Field(None, description="Longest service time")
    total_median_s: Optional[float] = Field(None, description="Median time in the office: " + _TIME["total"])
    total_p90_s: Optional[float] = Field(None, description="p90 time in the office")
    total_max_s: Optional[float] = Field(None, description="Longest time in the office")
    within_standard_pct: Optional[float] = Field(
        None, description="Served tickets whose total is at most the origin service's standard, percent, one decimal")


class ServiceLine(Figures):
    code: str = Field(..., description="The service's letter")
    name: str = Field(..., description="Its name (Indonesian)")
    standard_minutes: int = Field(..., description="The service standard the office promises")


class CounterLine(Figures):
    counter_id: Optional[int] = Field(None, description="The counter that finished the tickets")
    name: Optional[str] = None


class ClerkLine(Figures):
    username: Optional[str] = Field(None, description="The clerk who finished the tickets (null: before v11)")
    name: Optional[str] = None


class ChannelLine(Figures):
    channel: str = Field(..., description="kiosk, staff (desk) or online")


class PriorityLine(Figures):
    priority: Optional[str] = Field(None, description="Priority category; null: none")


class HourCount(BaseModel):
    hour: int = Field(..., description="Hour of the day in the office's zone")
    count: int


class WeekdayCount(BaseModel):
    weekday: int = Field(..., description="0 = Monday ... 6 = Sunday")
    count: int


class DayLine(BaseModel):
    day: str
    issued: int
    served: int
    within_standard_pct: Optional[float] = None


class OutcomeCount(BaseModel):
    code: str
    label: str = Field(..., description="The outcome's label (Indonesian)")
    count: int


class OnlineFigures(BaseModel):
    received: int = Field(..., description="Online applications received in the period")
    answered: int = Field(..., description="Of them, answered (a reply sent or the letter approved)")
    answered_within_deadline: int = Field(..., description="Answered by the next working day after receipt")
    answered_within_deadline_pct: Optional[float] = Field(
        None, description="answered_within_deadline / received, in percent (null without applications)")


class ReportSummary(BaseModel):
    from_: str = Field(..., alias="from", description="First office day (inclusive)")
    to: str = Field(..., description="Last office day (inclusive)")
    working_days: int = Field(..., description="Monday-Friday in the period, minus the office's holidays")
    services: list[ServiceLine] = Field(..., description="Per origin service, in the office's order")
    total: Figures
    by_counter: list[CounterLine]
    by_clerk: list[ClerkLine]
    by_channel: list[ChannelLine]
    by_priority: list[PriorityLine]
    arrivals_by_hour: list[HourCount] = Field(..., description="From the first hour anyone came to the last")
    arrivals_by_weekday: list[WeekdayCount]
    by_day: list[DayLine] = Field(..., description="Office days with tickets")
    outcomes: list[OutcomeCount] = Field(..., description="How the visits ended, where recorded")
    online: OnlineFigures = Field(..., description="The online channel: the one-working-day promise kept")
