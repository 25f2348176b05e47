"""Importing spreadsheets, stage by stage: what a file holds (spec), the template to fill in
(template), reading it as text and refusing what cannot be read safely (reading), the dry
run that lists every problem and what would change (checks), and the atomic apply with its
audit log, revert and the log (apply).

A file (xlsx with one sheet per record kind, or one CSV named after its kind) is read as
text, checked with pandera against the store's own schema plus the programme's rules, and
compared with the store by natural key. Nothing is written until `apply`, which writes the
new and changed rows and the audit entry in one transaction.
"""
