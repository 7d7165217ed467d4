"""The practice the postmortem rules rest on (FACTS.md, "Postmortem practice")."""

GOOGLE_SRE_BOOK = "https://sre.google/sre-book/postmortem-culture/"
GOOGLE_SRE_WORKBOOK = "https://sre.google/workbook/postmortem-culture/"
ATLASSIAN_HANDBOOK = "https://www.atlassian.com/incident-management/handbook/postmortems"
PAGERDUTY_GUIDE = "https://postmortems.pagerduty.com/"
