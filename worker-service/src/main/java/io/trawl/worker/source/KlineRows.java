package io.trawl.worker.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads kline CSV rows straight from bytes: no {@code String} per line, no {@code split}, numbers parsed in place.
 * The six first fields are the open time (an integer, milliseconds or microseconds) and open, high, low, close,
 * volume. Plain decimals of up to 15 significant digits (what exchanges publish) are parsed exactly by the
 * fast path (mantissa and power of ten both exact in a double, one correctly rounded division); anything else
 * goes through {@link Double#parseDouble}, so every value is the double the JDK would read. A header line (first
 * line starting with a letter) and blank lines are skipped.
 */
final class KlineRows {

    /** Receives each row. */
    @FunctionalInterface
    interface Sink {
        void row(long lineNumber, long openTime, double open, double high, double low, double close, double volume);
    }

    /** Thrown for a row that is not a kline row; the message names the line and the field. */
    static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }

    static final int FIELDS = 6;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final int BUFFER = 256 * 1024;
    private static final int MAX_LINE = 1 << 20;
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private final double[] values = new double[FIELDS];
    private final int[] fieldStart = new int[FIELDS];
    private final int[] fieldEnd = new int[FIELDS];
    private final Sink sink;
    private long lineNumber;
    /** Where the last {@link #integer} or {@link #decimal} stopped reading. */
    private int end;

    private KlineRows(Sink sink) {
        this.sink = sink;
    }

    /** Reads every row of {@code in}, in order, into {@code sink}. */
    static void read(InputStream in, Sink sink) throws IOException {
        new KlineRows(sink).readAll(in);
    }

    private void readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int kept = 0; // bytes of an unfinished line at the start of the buffer
        for (int read = in.read(buffer, kept, buffer.length - kept);
                ;
                read = in.read(buffer, kept, buffer.length - kept)) {
            if (read < 0) {
                if (kept > 0) {
                    line(buffer, 0, kept);
                }
                return;
            }
            int end = kept + read;
            int from = 0;
            for (int i = newline(buffer, kept, end); i < end; i = newline(buffer, i + 1, end)) {
                line(buffer, from, i);
                from = i + 1;
            }
            kept = end - from;
            if (kept == buffer.length) {
                if (buffer.length >= MAX_LINE) {
                    throw new BadRow("line " + (lineNumber + 1) + " is longer than " + MAX_LINE + " bytes");
                }
                byte[] bigger = new byte[buffer.length * 2];
                System.arraycopy(buffer, 0, bigger, 0, kept);
                buffer = bigger;
            } else if (from > 0) {
                System.arraycopy(buffer, from, buffer, 0, kept);
            }
        }
    }

    /**
     * The index of the first {@code '\n'} in {@code b[from, to)}, or {@code to}: eight bytes at a time (a
     * zero-byte test on the word XOR eight newlines), the tail byte by byte.
     */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    private void line(byte[] b, int from, int to) {
        lineNumber++;
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        if (blank(b, from, to) || (lineNumber == 1 && Character.isLetter(b[from]))) {
            return;
        }
        if (!plain(b, from, to)) {
            general(b, from, to);
        }
    }

    /**
     * The usual row in one pass (an open time of 1 to 18 digits, then five plain decimals), each field read as its
     * bytes are scanned, exactly as {@link #general} reads it; false, with nothing sent, for any other.
     */
    private boolean plain(byte[] b, int from, int to) {
        long openTime = integer(b, from, to);
        int i = end;
        if (openTime < 0 || i == to || b[i] != ',') {
            return false;
        }
        for (int f = 1; f < FIELDS; f++) {
            double value = decimal(b, i + 1, to);
            i = end;
            if (Double.isNaN(value) || (f < FIELDS - 1 && i == to)) {
                return false;
            }
            values[f] = value;
        }
        sink.row(lineNumber, openTime, values[1], values[2], values[3], values[4], values[5]);
        return true;
    }

    /** Any row: its fields split at commas, each read by {@link #integer} or {@link #number}. */
    private void general(byte[] b, int from, int to) {
        int fields = 0;
        int start = from;
        for (int i = from; i <= to && fields < FIELDS; i++) {
            if (i == to || b[i] == ',') {
                fieldStart[fields] = start;
                fieldEnd[fields] = i;
                fields++;
                start = i + 1;
            }
        }
        if (fields < FIELDS) {
            throw new BadRow("line " + lineNumber + " has " + fields + " fields, expected at least " + FIELDS);
        }
        long openTime = integer(b, fieldStart[0], fieldEnd[0]);
        if (openTime < 0 || end != fieldEnd[0]) {
            openTime = (long) number(b, fieldStart[0], fieldEnd[0], 0);
        }
        for (int f = 1; f < FIELDS; f++) {
            values[f] = number(b, fieldStart[f], fieldEnd[f], f);
        }
        sink.row(lineNumber, openTime, values[1], values[2], values[3], values[4], values[5]);
    }

    /** The field as the JDK reads it: the exact fast path for plain decimals, {@code parseDouble} otherwise. */
    private double number(byte[] b, int from, int to, int field) {
        double value = decimal(b, from, to);
        return Double.isNaN(value) || end != to ? slow(b, from, to, field) : value;
    }

    /**
     * The plain decimal from {@code from} up to the next comma or {@code to} (an optional sign, digits with at most
     * one point, at most 15 significant digits and 22 decimals: exact as {@code mantissa / 10^decimals}), with
     * {@link #end} where it stopped; NaN for anything else.
     */
    private double decimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        boolean any = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (mantissa != 0 || c != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else if (c == ',') {
                break;
            } else {
                return Double.NaN;
            }
        }
        end = i;
        if (!any || digits > 15 || fraction > 22) {
            return Double.NaN;
        }
        double value = fraction > 0 ? mantissa / POWERS[fraction] : mantissa;
        return negative ? -value : value;
    }

    private double slow(byte[] b, int from, int to, int field) {
        String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadRow("line " + lineNumber + " field " + (field + 1) + " is not a number: '" + text + "'");
        }
    }

    /**
     * The non-negative integer of 1 to 18 digits from {@code from} up to the first byte that is no digit (or
     * {@code to}), with {@link #end} there; -1 when there is no digit or more than 18.
     */
    private long integer(byte[] b, int from, int to) {
        long value = 0;
        int i = from;
        for (; i < to; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        end = i;
        return i == from || i - from > 18 ? -1 : value;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] > ' ') {
                return false;
            }
        }
        return true;
    }
}
