"""One module per rule, named like the rule's module: `CORPUS_DOCUMENT` (a corpus file's stem) and
`seed(data)`, which plants exactly the defect the rule exists to catch into that document's data."""
