"""The manifesto's commitments (« engagements ») and their follow-up, in the open.

Modules, by concern (imported by name: ``from data_access.commitments import writes``; this file
stays empty because ``data_access.models`` imports ``commitments.models`` while it loads):

- ``models``: the tables; ``views``: plain values readers return, inputs, the conflict error;
- ``statuses``: the campaign's editable list of statuses (« prévu », « en cours »…);
- ``writes``: create, update, report progress, validate, withdraw, timeline entries, the reminder
  delay; ``rules``: who may write what, checks of an input; ``versioning``: optimistic
  concurrency, snapshots, history; ``progress``: a parent's progress from its children;
- ``readers``: the « Suivi des engagements » rows, groupings, map shares and reminders;
  ``public``: what anyone may see (validated commitments, no person);
- one CSV format both ways: ``csv_format`` (columns, export), ``csv_import`` (check and plan, all
  or nothing) with ``csv_cells`` (one parser per column), ``csv_writes`` (bulk writes) and
  ``csv_report`` (errors by row and column).
"""
