package io.trawl.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class MonthRangeTest {

    @Test
    void listsEveryMonthInclusiveAcrossYears() {
        MonthRange range = new MonthRange(YearMonth.of(2023, 11), YearMonth.of(2024, 2));

        assertThat(range.months())
                .containsExactly(
                        YearMonth.of(2023, 11), YearMonth.of(2023, 12), YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        assertThat(range.size()).isEqualTo(4);
    }

    @Test
    void rejectsReversedRangeNamingBothEnds() {
        assertThatThrownBy(() -> new MonthRange(YearMonth.of(2024, 5), YearMonth.of(2024, 1)))
                .hasMessage("to (2024-01) must not be before from (2024-05)");
    }
}
