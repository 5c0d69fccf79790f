package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aCheckMadeAsTheArchiveArrivesFindsWhatReadingTheFileFinds() throws Exception {
        Path zip = zip(
                "a.csv",
                "open_time,open,high,low,close,volume\n" + JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + JAN_2
                        + ",1.5,2.5,1.0,2.0,11\n");
        Fetched fetched = new Fetched(zip, "u", 0, "", ArchiveValidator.ZIP, "zip");

        ArchiveInspector.Streamed streamed = arriving(zip, task(0));

        assertThat(streamed).as("the check vouches for the archive").isNotNull();
        assertThat(streamed.confirm(fetched)).isEqualTo(ArchiveInspector.validate(fetched, task(0)));
        assertThat(new ArchiveValidator()
                        .validate(fetched.prechecked(streamed), task(0), null)
                        .rows())
                .isEqualTo(2);
    }

    @Test
    void aCheckMadeAsTheArchiveArrivedIsNotTakenWhenItsDirectoryListsOtherEntries() throws Exception {
        Path zip = zip("a.csv", JAN_1 + ",1.0,2.0,0.5,1.5,10\n");
        ArchiveInspector.Streamed streamed = arriving(zip, task(0));
        // the central directory (the second copy of the name) now lists an entry the stream never read
        byte[] bytes = Files.readAllBytes(zip);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        bytes[text.lastIndexOf("a.csv")] = 'b';
        Files.write(zip, bytes);
        Fetched fetched = new Fetched(zip, "u", 0, "", ArchiveValidator.ZIP, "zip").prechecked(streamed);

        assertThat(streamed.confirm(fetched)).isNull();
        assertThat(new ArchiveValidator().validate(fetched, task(0), null).rows())
                .as("the file is read instead")
                .isEqualTo(1);
    }

    @Test
    void aCheckMadeAsTheArchiveArrivesGivesNoAnswerForABadRowAndTheFileDecides() throws Exception {
        Path zip = zip("a.csv", JAN_1 + ",1.0,2.0,0.5,1.5,10\n" + JAN_2 + ",1.0,1.4,0.5,1.5,10\n");
        Fetched fetched = new Fetched(zip, "u", 0, "", ArchiveValidator.ZIP, "zip");

        try (StreamCheck<ArchiveInspector.Streamed> check = feed(zip, task(0))) {
            assertThat(check.finish()).isNull();
            assertThat(check.failure()).hasMessageContaining("high 1.4 is below max(open 1.0, close 1.5)");
        }
        assertThatThrownBy(() -> new ArchiveValidator().validate(fetched, task(0), null))
                .hasMessageContaining("high 1.4 is below max(open 1.0, close 1.5)");
    }

    @Test
    void aCheckThatStopsEarlyNeverHoldsTheDownloadBack() throws Exception {
        byte[] large = new byte[8 * 1024 * 1024];
        try (StreamCheck<String> check = new StreamCheck<>("short", in -> "read " + in.read(new byte[10]))) {
            check.write(large, 0, large.length);
            assertThat(check.finish()).isEqualTo("read 10");
        }
    }

    @Test
    void aCheckOfContentGivenUpOnStopsAtItsNextRead() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<Exception> secondRead = new CompletableFuture<>();
        byte[] bytes = new byte[256 * 1024]; // one whole chunk, handed over at once
        try (StreamCheck<String> check = new StreamCheck<>("abandoned", in -> {
            in.read(new byte[16]); // busy with what it had, like an archive inflating to far more than it weighs
            firstRead.countDown();
            closed.await();
            try {
                in.read(new byte[16]);
                secondRead.complete(null);
            } catch (IOException e) {
                secondRead.complete(e);
            }
            return "read";
        })) {
            check.write(bytes, 0, bytes.length);
            // the check has read from the chunk before it is given up on (else its first read fails instead)
            assertThat(firstRead.await(5, TimeUnit.SECONDS)).isTrue();
        }
        closed.countDown();

        assertThat(secondRead.get(5, TimeUnit.SECONDS))
                .as("the next read after close fails, though most of the chunk was still unread")
                .isInstanceOf(InterruptedIOException.class);
    }

    /** What a check finds when the archive's bytes arrive a few at a time. */
    private static ArchiveInspector.Streamed arriving(Path zip, CollectTask task) throws Exception {
        try (StreamCheck<ArchiveInspector.Streamed> check = feed(zip, task)) {
            return check.finish();
        }
    }

    private static StreamCheck<ArchiveInspector.Streamed> feed(Path zip, CollectTask task) throws Exception {
        StreamCheck<ArchiveInspector.Streamed> check =
                new StreamCheck<>("test", in -> ArchiveInspector.stream(in, "u", task));
        byte[] bytes = Files.readAllBytes(zip);
        for (int at = 0; at < bytes.length; at += 7) {
            check.write(bytes, at, Math.min(7, bytes.length - at));
        }
        return check;
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
