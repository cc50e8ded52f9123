from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone


class AnalyticsRangeForm(forms.Form):
    """The analytics page's date range: real dates, in order, at most a year and a day apart.

    Both ends are optional: the range ends today and starts 29 days before its end.
    """

    EARLIEST = date(2000, 1, 1)
    LONGEST_DAYS = 366

    from_ = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, data, **kwargs) -> None:
        super().__init__({"from_": data.get("from", ""), "to": data.get("to", "")}, **kwargs)

    def _check_day(self, name: str) -> date | None:
        day, latest = self.cleaned_data.get(name), timezone.localdate() + timedelta(days=self.LONGEST_DAYS)
        if day is not None and not self.EARLIEST <= day <= latest:
            raise forms.ValidationError(
                f"Choose a date between {self.EARLIEST} and {latest}.", "out_of_range"
            )
        return day

    def clean_from_(self) -> date | None:
        return self._check_day("from_")

    def clean_to(self) -> date | None:
        return self._check_day("to")

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        until = cleaned.get("to") or timezone.localdate()
        since = cleaned.get("from_") or until - timedelta(days=29)
        if since > until:
            raise forms.ValidationError("The start comes after the end.", "reversed")
        if (until - since).days >= self.LONGEST_DAYS:
            raise forms.ValidationError(f"Choose a range of at most {self.LONGEST_DAYS} days.", "too_long")
        return {"since": since, "until": until}

    def messages(self) -> list[str]:
        """Every error in plain words, for the page and the CSV report."""
        return [message for errors in self.errors.values() for message in errors]
