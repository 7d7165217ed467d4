"""What every figure a benchmark returns must satisfy, whatever its timings."""

import math

from benchmarks.figures import Figure


def assert_well_formed(figures: list[Figure], benchmark: str) -> None:
    assert figures, f"{benchmark} returned no figures"
    for figure in figures:
        assert isinstance(figure, Figure)
        assert figure.benchmark == benchmark
        assert figure.figure and figure.unit and figure.baseline_label and figure.ratio_reads
        assert math.isfinite(figure.measured) and figure.measured >= 0
        assert math.isfinite(figure.baseline) and figure.baseline >= 0
        if figure.baseline == 0:
            assert figure.ratio is None
        else:
            assert figure.ratio is not None and figure.ratio > 0
            # ratio_reads says which way round the ratio is: "(measured / ...)" or "(baseline / measured)"
            if "(measured /" in figure.ratio_reads:
                assert math.isclose(figure.ratio, figure.measured / figure.baseline), figure
            else:
                assert "(baseline / measured)" in figure.ratio_reads, figure
                assert math.isclose(figure.ratio, figure.baseline / figure.measured), figure
