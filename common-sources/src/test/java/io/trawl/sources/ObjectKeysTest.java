package io.trawl.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void keyIsSourceDatasetIntervalSymbolAndMonth() {
        assertThat(ObjectKeys.of("binance", "klines", "1d", "BTCUSDT", YearMonth.of(2024, 3), "zip"))
                .isEqualTo("binance/klines-1d/BTCUSDT/2024-03.zip");
    }

    @Test
    void sameInputsGiveTheSameKeySoRetriesOverwriteNotDuplicate() {
        String first = ObjectKeys.of("binance", "klines", "1h", "ETHUSDT", YearMonth.of(2023, 12), "zip");
        String again = ObjectKeys.of("binance", "klines", "1h", "ETHUSDT", YearMonth.of(2023, 12), "zip");

        assertThat(first).isEqualTo(again).startsWith(ObjectKeys.prefix("binance", "klines", "1h", "ETHUSDT"));
    }

    @Test
    void expandsThePublicArchiveLayout() {
        String template = "https://data.binance.vision/data/spot/monthly/klines/{SYMBOL}/{interval}/"
                + "{SYMBOL}-{interval}-{YYYY}-{MM}.zip";

        assertThat(UrlTemplate.expand(template, "BTCUSDT", "1d", YearMonth.of(2024, 1)))
                .hasToString("https://data.binance.vision/data/spot/monthly/klines/BTCUSDT/1d/BTCUSDT-1d-2024-01.zip");
    }
}
