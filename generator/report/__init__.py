"""`closeloop report`: per incident class, phases against the class median, repeats, and the actions."""
