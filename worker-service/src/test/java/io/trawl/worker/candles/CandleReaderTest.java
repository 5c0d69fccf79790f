package io.trawl.worker.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.sources.CandleApi;
import io.trawl.worker.source.SourceFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandleReaderTest {

    private final CandleReader reader = new CandleReader();

    private static CandleApi api(String rows, Map<String, String> fields, String timeFormat) {
        return new CandleApi("http://h", null, null, rows, fields, timeFormat, null, null, null, null, null, null);
    }

    private List<CandleReader.Candle> read(String body, CandleApi api) {
        return reader.read("u", body.getBytes(StandardCharsets.UTF_8), api);
    }

    @Test
    void binanceTopLevelArrayOfArraysWithNumericStrings() {
        CandleApi api =
                api("", Map.of("time", "0", "open", "1", "high", "2", "low", "3", "close", "4", "volume", "5"), null);

        List<CandleReader.Candle> candles = read(
                "[[1704067200000,\"42283.58000000\",\"42554.57000000\",\"42261.02000000\",\"42475.23000000\","
                        + "\"1271.68108000\",1704070799999,\"5.4E7\",47134,\"682.6\",\"2.9E7\",\"0\"]]",
                api);

        assertThat(candles)
                .containsExactly(new CandleReader.Candle(
                        1704067200000L,
                        "42283.58000000",
                        "42554.57000000",
                        "42261.02000000",
                        "42475.23000000",
                        "1271.68108000"));
    }

    @Test
    void kiteNestedPathWithIsoOffsetsAndNumbers() {
        CandleApi api = api(
                "data.candles",
                Map.of("time", "0", "open", "1", "high", "2", "low", "3", "close", "4", "volume", "5"),
                "iso");

        List<CandleReader.Candle> candles = read(
                "{\"status\":\"success\",\"data\":{\"candles\":[[\"2024-01-01T09:15:00+0530\",1512.5,1520,1510.05,1519.00000000,"
                        + "10345]]}}",
                api);

        assertThat(candles.getFirst().openMillis()).isEqualTo(1704080700000L);
        assertThat(candles.getFirst().open()).isEqualTo("1512.5");
        assertThat(candles.getFirst().high()).isEqualTo("1520");
        assertThat(candles.getFirst().close()).as("trailing zeros kept").isEqualTo("1519.00000000");
        assertThat(candles.getFirst().volume()).isEqualTo("10345");
    }

    @Test
    void objectsByFieldNameWithEpochSecondsOrMicros() {
        Map<String, String> byName =
                Map.of("time", "t", "open", "o", "high", "h", "low", "l", "close", "c", "volume", "v");
        String body = "{\"result\":{\"bars\":[{\"t\":%s,\"o\":1,\"h\":2,\"l\":0.5,\"c\":1.5,\"v\":\"3\"}]}}";

        assertThat(read(body.formatted("1704067200"), api("result.bars", byName, "epoch-s"))
                        .getFirst()
                        .openMillis())
                .isEqualTo(1704067200000L);
        assertThat(read(body.formatted("1704067200000000"), api("result.bars", byName, "epoch-us"))
                        .getFirst()
                        .openMillis())
                .isEqualTo(1704067200000L);
        assertThat(read(body.formatted("\"2024-01-01T00:00:00Z\""), api("result.bars", byName, "iso"))
                        .getFirst()
                        .openMillis())
                .isEqualTo(1704067200000L);
    }

    @Test
    void malformedAnswersNameTheCandleAndField() {
        CandleApi api =
                api("", Map.of("time", "0", "open", "1", "high", "2", "low", "3", "close", "4", "volume", "5"), null);

        assertThatThrownBy(() -> read("<html>", api))
                .isInstanceOf(SourceFailure.class)
                .hasMessageContaining("answer is not JSON");
        assertThatThrownBy(() -> read("{\"code\":0}", api)).hasMessageContaining("no array of candles at '$'");
        assertThatThrownBy(() -> read("[[1,\"1\",\"2\",\"0\",\"abc\",\"1\"]]", api))
                .hasMessageContaining("candle 0 close is not a number: \"abc\"");
        assertThatThrownBy(() -> read("[[1,\"1\",\"2\"]]", api)).hasMessageContaining("candle 0 has no low at '3'");
        assertThatThrownBy(() -> read("[[\"x\",\"1\",\"2\",\"0\",\"1\",\"1\"]]", api))
                .hasMessageContaining("open time is not epoch-ms");
    }
}
