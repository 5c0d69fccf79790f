package io.trawl.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.LineNumberReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeArchiveTest {

    private static final YearMonth MONTH = YearMonth.of(2024, 1);

    @Test
    void isAsLargeAsAskedWithAscendingRowsInsideTheMonthAndItsSummaryDescribesTheBytesServed(@TempDir Path dir)
            throws IOException {
        LargeArchive archive = new LargeArchive("HUGEUSDT", "1d", MONTH, 1024 * 1024);
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        archive.writeTo(served);

        Path file = dir.resolve("prepared.zip");
        LargeArchive.Summary summary = archive.writeTo(file);
        assertThat(summary.length()).isEqualTo(served.size()).isBetween(1024L * 1024, 1100L * 1024);
        assertThat(summary.sha256()).isEqualTo(ArchiveGenerator.sha256(served.toByteArray()));
        assertThat(Files.readAllBytes(file))
                .as("the prepared file holds the same bytes")
                .isEqualTo(served.toByteArray());

        long from = MONTH.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long to = MONTH.plusMonths(1)
                .atDay(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(served.toByteArray()))) {
            ZipEntry entry = zip.getNextEntry();
            assertThat(entry.getName()).isEqualTo("HUGEUSDT-1d-2024-01.csv");
            assertThat(entry.getTime())
                    .as("a fixed entry time, not the clock's: two writes a few seconds apart are the same bytes")
                    .isEqualTo(from);
            LineNumberReader rows = new LineNumberReader(new InputStreamReader(zip, StandardCharsets.US_ASCII));
            long previous = Long.MIN_VALUE;
            for (String row = rows.readLine(); row != null; row = rows.readLine()) {
                long openTime = Long.parseLong(row.substring(0, row.indexOf(',')));
                assertThat(openTime).isGreaterThan(previous).isBetween(from, to - 1);
                previous = openTime;
            }
            assertThat(rows.getLineNumber()).isGreaterThan(20_000);
        }
    }
}
