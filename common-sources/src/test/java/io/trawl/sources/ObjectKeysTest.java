package io.trawl.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.messages.Partition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final String PREFIX = ObjectKeys.prefix("binance", "klines", "1h", "BTCUSDT");

    @Test
    void keyIsSourceDatasetIntervalSymbolAndPartitionToken() {
        assertThat(ObjectKeys.of(
                        "binance", "klines", "1d", "BTCUSDT", new Partition.Month(YearMonth.of(2024, 3)), "zip"))
                .isEqualTo("binance/klines-1d/BTCUSDT/2024-03.zip");
        assertThat(ObjectKeys.of(
                        "binance", "klines", "1d", "BTCUSDT", new Partition.Day(LocalDate.of(2024, 3, 5)), "zip"))
                .isEqualTo("binance/klines-1d/BTCUSDT/2024-03-05.zip");
        assertThat(ObjectKeys.of(
                        "binance-rest",
                        "klines",
                        "1h",
                        "BTCUSDT",
                        new Partition.Window(
                                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-29T14:00:00Z")),
                        "csv.gz"))
                .isEqualTo("binance-rest/klines-1h/BTCUSDT/20240301T000000Z_20240329T140000Z.csv.gz");
    }

    @Test
    void everyKindOfPartitionReadsBackFromItsKey() {
        for (Partition partition : new Partition[] {
            new Partition.Month(YearMonth.of(2023, 12)),
            new Partition.Day(LocalDate.of(2026, 11, 3)),
            new Partition.Window(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z")),
            new Partition.Snapshot(Instant.parse("2026-11-30T04:15:00Z"))
        }) {
            String key = ObjectKeys.of("binance", "klines", "1h", "BTCUSDT", partition, "csv.gz");
            assertThat(ObjectKeys.partitionOf(PREFIX, key, "csv.gz")).contains(partition);
            assertThat(ObjectKeys.partitionOf(PREFIX, key, "zip")).isEmpty();
        }
    }

    @Test
    void foreignObjectsUnderThePrefixAreNoPartition() {
        assertThat(ObjectKeys.partitionOf(PREFIX, PREFIX + "notes.zip", "zip")).isEmpty();
        assertThat(ObjectKeys.partitionOf(PREFIX, PREFIX + "2024-13.zip", "zip"))
                .isEmpty();
        assertThat(ObjectKeys.partitionOf(PREFIX, PREFIX + ".zip", "zip")).isEmpty();
        assertThat(ObjectKeys.partitionOf(PREFIX, "other/2024-01.zip", "zip")).isEmpty();
    }

    @Test
    void expandsThePublicArchiveLayout() {
        String template = "https://data.binance.vision/data/spot/monthly/klines/{SYMBOL}/{interval}/"
                + "{SYMBOL}-{interval}-{YYYY}-{MM}.zip";

        assertThat(UrlTemplate.expand(template, "BTCUSDT", "1d", YearMonth.of(2024, 1)))
                .hasToString("https://data.binance.vision/data/spot/monthly/klines/BTCUSDT/1d/BTCUSDT-1d-2024-01.zip");
    }
}
