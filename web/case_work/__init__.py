"""The case page of the agencies involved in a case, and the pages that answer what they owe."""
