"""The commission's case review page: a case's summary, its timeline in words and its chain of
custody drawn as a time line, now or as it stood at any past moment."""
