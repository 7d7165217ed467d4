"""Evidence collectors: one module per source, each an `aws:executeScript` handler of the same shape."""
