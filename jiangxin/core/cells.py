"""Spreadsheet cell safety for exports. Pure functions, no Django."""

# A cell that starts with one of these is run as a formula by Excel, LibreOffice or WPS
# (CSV/formula injection); a tab or carriage return can shift it into another cell.
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value):
    """Return ``value`` so that no spreadsheet evaluates it: text starting with a formula
    trigger gets a leading apostrophe; NUL characters are removed."""
    if not isinstance(value, str):
        return value
    if "\0" in value:
        value = value.replace("\0", "")
        return "'" + value if value.startswith(_DANGEROUS_FIRST) else value
    if value.startswith(_DANGEROUS_FIRST):
        return "'" + value
    return value
