"""One escaping function per output context; every value placed in that context goes through it.

Each module uses only the standard library, so `aws:executeScript` code may bundle it too.
"""
