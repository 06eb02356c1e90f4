"""Recording a detection in the browser: one person (``/casos/nuevo``) or a group."""
