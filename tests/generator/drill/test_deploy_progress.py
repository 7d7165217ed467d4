"""The drill passes on the deploy's section headings as they come and keeps the whole report for its log."""

from generator.drill.stack import HeadingsTee


def test_headings_are_passed_on_as_their_lines_end_and_everything_is_kept() -> None:
    seen: list[str] = []
    tee = HeadingsTee(seen.append)
    tee.write("== preflight [0s]\naccount 123\n== li")
    assert seen == ["preflight [0s]"]
    tee.write("nt [3s]\n  | waiting for changeset\n")
    assert seen == ["preflight [0s]", "lint [3s]"]
    assert tee.getvalue() == "== preflight [0s]\naccount 123\n== lint [3s]\n  | waiting for changeset\n"
