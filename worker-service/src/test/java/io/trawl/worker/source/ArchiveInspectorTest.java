package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveInspectorTest {

    @TempDir
    Path dir;

    private static final YearMonth JANUARY = YearMonth.of(2024, 1);
    private static final long JAN_1 = 1_704_067_200_000L;
    private static final long JAN_2 = JAN_1 + 86_400_000L;

    @Test
    void countsKlineRowsSkippingAHeader() throws IOException {
        Path zip = zip(
                "a.csv",
                "open_time,open,high,low,close,volume\n" + JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + JAN_2
                        + ",1.5,2.5,1.0,2.0,11\n");

        assertThat(rows(zip, task(0))).isEqualTo(2);
    }

    @Test
    void acceptsMicrosecondOpenTimes() throws IOException {
        Path zip = zip("a.csv", JAN_1 * 1000 + ",1.0,2.0,0.5,1.5,10\n" + JAN_2 * 1000 + ",1.5,2.5,1.0,2.0,11\n");

        assertThat(rows(zip, task(0))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "high below open/close | 1.0,1.4,0.5,1.5,10 | high 1.4 is below max(open 1.0, close 1.5)",
                "low above open/close  | 1.0,2.0,1.1,1.5,10 | low 1.1 is above min(open 1.0, close 1.5)",
                "negative volume       | 1.0,2.0,0.5,1.5,-3 | volume -3.0 is negative",
            })
    void rejectsRowsThatBreakOhlcvSense(String rule, String values, String message) throws IOException {
        Path zip = zip("a.csv", JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + JAN_2 + "," + values + "\n");

        assertThatThrownBy(() -> rows(zip, task(0)))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("ValidationFailed");
                    assertThat(f.retryable()).isFalse();
                })
                .hasMessageContaining("a.csv line 2: " + message);
    }

    @Test
    void rejectsOpenTimeOutsideThePartition() throws IOException {
        long february = 1_706_745_600_000L;
        Path zip = zip("a.csv", JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + february + ",1.0,2.0,0.5,1.5,10\n");

        assertThatThrownBy(() -> rows(zip, task(0)))
                .hasMessageContaining("line 2: open time 2024-02-01T00:00:00Z is outside the partition");
    }

    @Test
    void rejectsDuplicateOpenTimes() throws IOException {
        Path zip = zip("a.csv", JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + JAN_1 + ",1.0,2.0,0.5,1.5,10\n");

        assertThatThrownBy(() -> rows(zip, task(0)))
                .hasMessageContaining("line 2: open time 2024-01-01T00:00:00Z appears twice");
    }

    @Test
    void rejectsRowsOutOfOrderSoDuplicatesAreFoundInConstantMemory() throws IOException {
        long jan2 = JAN_1 + 86_400_000L;
        Path zip = zip(
                "a.csv",
                jan2 + ",1.0,2.0,0.5,1.5,10\n" + JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + jan2 + ",1.0,2.0,0.5,1.5,10\n");

        assertThatThrownBy(() -> rows(zip, task(0)))
                .hasMessageContaining("line 2: open time 2024-01-01T00:00:00Z is before the previous row's"
                        + " 2024-01-02T00:00:00Z (rows must be in ascending open time)");
    }

    @Test
    void rejectsArchiveWithoutCsv() throws IOException {
        Path zip = zip("readme.txt", "hello");

        assertThatThrownBy(() -> rows(zip, task(0)))
                .isInstanceOfSatisfying(
                        SourceFailure.class, f -> assertThat(f.errorClass()).isEqualTo("InvalidData"))
                .hasMessageContaining("holds no .csv file");
    }

    @Test
    void rejectsNonNumericFieldNamingLineAndField() throws IOException {
        Path zip = zip("a.csv", JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + JAN_2 + ",1.5,oops,1.0,2.0,11\n");

        assertThatThrownBy(() -> rows(zip, task(0)))
                .hasMessageContaining("a.csv line 2 field 3 is not a number: 'oops'");
    }

    @Test
    void rejectsBytesThatAreNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("x.zip"), "<html>error page</html>");

        assertThatThrownBy(() -> rows(file, task(0))).hasMessageContaining("not a readable zip");
    }

    @Test
    void aDayTaskAcceptsOnlyThatDaysRows() throws IOException {
        Path zip = zip("a.csv", JAN_2 + ",1.0,2.0,0.5,1.5,10\n");

        assertThat(rows(zip, task(2))).isEqualTo(1);
        assertThatThrownBy(() -> rows(zip, task(3)))
                .hasMessageContaining("open time 2024-01-02T00:00:00Z is outside the partition");
    }

    private static CollectTask task(int day) {
        Partition partition = day == 0 ? new Partition.Month(JANUARY) : new Partition.Day(JANUARY.atDay(day));
        return new CollectTask("t", "binance", "klines", "BTCUSDT", "1d", partition, 1, 0);
    }

    private static long rows(Path zip, CollectTask task) {
        Validated validated =
                ArchiveInspector.validate(new Fetched(zip, "u", 0, "", ArchiveValidator.ZIP, "zip"), task);
        return validated.rows();
    }

    private Path zip(String entry, String content) throws IOException {
        Path file = dir.resolve("archive-" + entry + ".zip");
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }
}
