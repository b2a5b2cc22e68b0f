"""The ranges every number and date the platform accepts must fall in, named once. Pure module
(no Django): the models' validators (``core.validators``), the forms' fields (``core.forms``),
the API's schema types (``core.schemas``) and the pure checks (ID numbers) all read them here.

A value outside these ranges is a typing slip or an attack, never data: a birth in the year 0227,
a competition in 8348, a 4-million-month mentoring term (whose ledger would walk every month),
an id past 64 bits (SQLite raises OverflowError, PostgreSQL "out of range"). Each is refused
where it enters, with a message that says the range, before it reaches a computation or the
database.
"""

from __future__ import annotations

import datetime

# Any date about a person: births (from the ID number), starting work, honours' years.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
EARLIEST_YEAR, LATEST_YEAR = EARLIEST_DATE.year, LATEST_DATE.year

# A date of the programme's own events (competitions, registration windows, mentoring
# agreements and their logs, certificates, the audit log's filter): the platform did not exist
# before 2000, and a plan past 2100 is a typo.
EARLIEST_EVENT = datetime.date(2000, 1, 1)
LATEST_EVENT = LATEST_DATE
EARLIEST_EVENT_YEAR, LATEST_EVENT_YEAR = EARLIEST_EVENT.year, LATEST_EVENT.year

# Row ids are 64-bit (BigAutoField): a larger number names no row.
MAX_ID = 2**63 - 1

# A page number past the last page shows the last page; past this one it is not a number anyone
# typed (fifty rows a page: 500 million rows).
MAX_PAGE = 10_000_000

MONTHS = (1, 12)
# A 名师带高徒 agreement runs one to three years; five is the most any programme sets.
TERM_MONTHS = (1, 60)
# Years of service a programme may require of its masters (a working life).
MASTER_YEARS = (0, 50)
# Apprentices one master may teach at once.
CAPACITY = (1, 50)
# A monthly stipend, in yuan (the field holds up to 999,999.99).
STIPEND = (0, 100_000)
# A competition's age limits: the legal working age (16) to past any retirement age.
AGE = (16, 80)
# Places per delegation, award places, and the team table's top N.
QUOTA = (1, 1000)
AWARD_PLACES = (0, 1000)
TEAM_TOP_N = (1, 1000)
# Judgement marks are 0–3, so their spread is too.
SPREAD = (0, 3)
# Hours after the end of a competition that appeals are heard (a week at most).
APPEAL_HOURS = (1, 168)
# An online theory exam's time, in minutes.
EXAM_MINUTES = (5, 300)
# A contestant's work station at the venue.
STATION = (1, 9999)
# A component's weight, a share, a pay rate: percentages.
PERCENT = (0, 100)
# A mark: an aspect's maximum, a score, an exam score — a component is out of 100.
MARK = (0, 100)


def within(value, bounds: tuple) -> bool:
    low, high = bounds
    return low <= value <= high


# A studio's floor area in m² (创新工作室: a bench corner to a whole building).
FLOOR_AREA = (1, 100_000)
