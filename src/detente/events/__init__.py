"""Events: PLOVER type and mode, source and target, status, date and evidence."""
