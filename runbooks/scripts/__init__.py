"""Code that runs inside `aws:executeScript` steps: standard library and boto3 only, inlined at build time."""
