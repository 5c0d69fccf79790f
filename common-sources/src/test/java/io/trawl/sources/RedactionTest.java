package io.trawl.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void queryValuesAndUserInfoAreHiddenTheRestStaysReadable() {
        assertThat(Redaction.redact(
                        "GET https://api.example.com/v1/BTC-2024-01.zip?apikey=s3cr3t&sig=abc answered 403"))
                .isEqualTo("GET https://api.example.com/v1/BTC-2024-01.zip?apikey=***&sig=*** answered 403");
        assertThat(Redaction.redact("GET https://user:pass@host/a.zip failed"))
                .isEqualTo("GET https://***@host/a.zip failed");
        assertThat(Redaction.redact("sha256 of https://host/a.zip is 00ff"))
                .isEqualTo("sha256 of https://host/a.zip is 00ff");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void theSidecarIsNamedOnThePathNotAfterTheQuery() {
        URI archive = UrlTemplate.expand(
                "https://host/{SYMBOL}/{interval}/{SYMBOL}-{YYYY}-{MM}.zip?apikey=k1",
                "BTCUSDT",
                "1d",
                YearMonth.of(2024, 1));

        assertThat(UrlTemplate.sidecar(archive, ".CHECKSUM"))
                .hasToString("https://host/BTCUSDT/1d/BTCUSDT-2024-01.zip.CHECKSUM?apikey=k1");
        assertThat(UrlTemplate.sidecar(URI.create("https://host/a.zip"), ".CHECKSUM"))
                .hasToString("https://host/a.zip.CHECKSUM");
    }
}
