package io.trawl.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ArchiveGeneratorTest {

    @Test
    void sameInputsGiveByteIdenticalArchives() {
        byte[] first = ArchiveGenerator.archive("binance", "BTCUSDT", "1d", YearMonth.of(2024, 2));
        byte[] again = ArchiveGenerator.archive("binance", "BTCUSDT", "1d", YearMonth.of(2024, 2));

        assertThat(first).isEqualTo(again);
        assertThat(ArchiveGenerator.archive("binance", "ETHUSDT", "1d", YearMonth.of(2024, 2)))
                .isNotEqualTo(first);
    }

    @Test
    void holdsOneCsvWithOneSaneRowPerStep() throws IOException {
        byte[] archive = ArchiveGenerator.archive("binance", "BTCUSDT", "1h", YearMonth.of(2024, 2));

        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("BTCUSDT-1h-2024-02.csv");
            String[] lines = new String(zip.readAllBytes(), StandardCharsets.US_ASCII).split("\n");
            assertThat(lines).hasSize(29 * 24).hasSize(ArchiveGenerator.rows("1h", YearMonth.of(2024, 2)));
            for (String line : lines) {
                String[] f = line.split(",");
                assertThat(f).hasSize(12);
                double open = Double.parseDouble(f[1]), high = Double.parseDouble(f[2]);
                double low = Double.parseDouble(f[3]), close = Double.parseDouble(f[4]);
                assertThat(high).isGreaterThanOrEqualTo(Math.max(open, close));
                assertThat(low).isLessThanOrEqualTo(Math.min(open, close));
            }
        }
    }

    @Test
    void aDaysArchiveHoldsThatDaysRowsOfTheMonth() throws Exception {
        byte[] day = ArchiveGenerator.dailyArchive("binance", "BTCUSDT", "1h", LocalDate.of(2024, 2, 10));

        try (var zip = new ZipInputStream(new ByteArrayInputStream(day))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("BTCUSDT-1h-2024-02-10.csv");
            String[] rows = new String(zip.readAllBytes(), StandardCharsets.US_ASCII).split("\n");
            assertThat(rows).hasSize(24);
            assertThat(rows[0]).startsWith("1707523200000,");
        }
    }
}
