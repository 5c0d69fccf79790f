package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KlineRowsTest {

    private record Row(long line, long openTime, double open, double high, double low, double close, double volume) {}

    private static List<Row> read(String csv) throws IOException {
        return read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<Row> read(InputStream in) throws IOException {
        List<Row> rows = new ArrayList<>();
        KlineRows.read(in, (line, t, o, h, l, c, v) -> rows.add(new Row(line, t, o, h, l, c, v)));
        return rows;
    }

    @Test
    void everyValueIsTheDoubleTheJdkReads() throws IOException {
        Random random = new Random(42);
        StringBuilder csv = new StringBuilder("open_time,open,high,low,close,volume\n");
        List<String[]> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String[] fields = new String[6];
            fields[0] = Long.toString(1_700_000_000_000L + i * 60_000L);
            for (int f = 1; f < 6; f++) {
                fields[f] = switch (random.nextInt(6)) {
                    case 0 -> String.format(Locale.ROOT, "%.8f", random.nextDouble() * 100_000);
                    case 1 -> Long.toString(random.nextInt(1_000_000));
                    case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10));
                    case 3 -> "0." + "0".repeat(random.nextInt(12)) + (1 + random.nextInt(999_999));
                    case 4 -> String.format(Locale.ROOT, "%.2f", random.nextDouble()) + "00000000000000000";
                    default -> (random.nextBoolean() ? "-" : "") + random.nextInt(100) + "." + random.nextInt(100);
                };
            }
            expected.add(fields);
            // Binance's twelve fields, or just the six read (the last one then ends the line)
            csv.append(String.join(",", fields))
                    .append(i % 3 == 0 ? "" : ",extra," + i)
                    .append(i % 7 == 0 ? "\r\n" : "\n");
        }
        List<Row> rows = read(csv.toString());
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] f = expected.get(i);
            Row r = rows.get(i);
            assertThat(r.line()).isEqualTo(i + 2);
            assertThat(r.openTime()).isEqualTo(Long.parseLong(f[0]));
            assertThat(new double[] {r.open(), r.high(), r.low(), r.close(), r.volume()})
                    .as("row %d: %s", i, String.join(",", f))
                    .containsExactly(
                            Double.parseDouble(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]));
        }
    }

    @Test
    void theWordAtATimeNewlineSearchFindsTheFirstNewlineWhereverItIs() {
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(8) == 0 ? '\n' : random.nextInt(256));
            }
            int from = random.nextInt(bytes.length);
            int expected = bytes.length;
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(KlineRows.newline(bytes, from, bytes.length)).isEqualTo(expected);
        }
    }

    @Test
    void linesSpanningReadsAndALastLineWithoutNewlineAreRead() throws IOException {
        String csv = "1,1.5,2,1,1.5,10\n\n  \n2,1.25,2,1,1.5,10";
        InputStream trickle = new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        List<Row> rows = read(trickle);
        assertThat(rows).extracting(Row::openTime).containsExactly(1L, 2L);
        assertThat(rows).extracting(Row::line).containsExactly(1L, 4L);
        assertThat(rows.get(1).open()).isEqualTo(1.25);
    }

    @Test
    void aShortRowOrAFieldThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> read("1,2,3,4,5,6\n1,2,3\n"))
                .isInstanceOf(KlineRows.BadRow.class)
                .hasMessage("line 2 has 3 fields, expected at least 6");
        assertThatThrownBy(() -> read("1,2,x3,4,5,6\n")).hasMessage("line 1 field 3 is not a number: 'x3'");
        assertThatThrownBy(() -> read("1,2,3,4,5,\n")).hasMessage("line 1 field 6 is not a number: ''");
    }
}
