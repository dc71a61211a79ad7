"""Document forms as data, the form engine and the validation of what clerks type or import.

No Qt, no SQL session: forms may read database.models attributes, nothing more.
"""
