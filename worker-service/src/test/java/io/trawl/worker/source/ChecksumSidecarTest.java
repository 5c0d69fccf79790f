package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksumSidecarTest {

    private static final String SHA = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    @Test
    void readsSha256sumFormatAsLowerCase() {
        assertThat(ChecksumSidecar.parse("u", SHA + "  BTCUSDT-1d-2024-01.zip\n"))
                .isEqualTo(SHA.toLowerCase());
        assertThat(ChecksumSidecar.parse("u", SHA)).isEqualTo(SHA.toLowerCase());
    }

    @Test
    void rejectsSidecarWithoutAHashAsPermanent() {
        assertThatThrownBy(() -> ChecksumSidecar.parse("http://x/a.zip.CHECKSUM", "<html>Not Found</html>"))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("BadChecksumSidecar");
                    assertThat(f.retryable()).isFalse();
                })
                .hasMessageContaining("http://x/a.zip.CHECKSUM holds no sha256");
        assertThatThrownBy(() -> ChecksumSidecar.parse("u", SHA.substring(1) + "  short.zip"))
                .isInstanceOf(SourceFailure.class);
    }
}
