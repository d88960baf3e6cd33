from django import forms

from .models import Report

# Far above any sensible limit: the pipeline gives the real, friendly answer about length.
HARD_LIMIT = 20000


class CommentForm(forms.Form):
    text = forms.CharField(max_length=HARD_LIMIT, required=False, strip=False)
    parent = forms.IntegerField(required=False, min_value=1)
    display_name = forms.CharField(max_length=80, required=False)


class EditForm(forms.Form):
    text = forms.CharField(max_length=HARD_LIMIT, required=False, strip=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices)
    detail = forms.CharField(max_length=500, required=False)
