package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpReadBufferTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aFewConnectionsInAFairHeapGetTheLargestBuffer() {
        assertThat(HttpReadBuffer.size(256 * MIB, 24)).isEqualTo(256 * 1024);
        assertThat(HttpReadBuffer.size(6 * 1024 * MIB, 64)).isEqualTo(256 * 1024);
    }

    @Test
    void manyConnectionsKeepTheirBuffersUnderASixteenthOfTheHeap() {
        assertThat(HttpReadBuffer.size(256 * MIB, 200)).isEqualTo(64 * 1024); // 200 x 64 KiB = 12.5 MiB
        assertThat(HttpReadBuffer.size(256 * MIB, 200) * 200L).isLessThanOrEqualTo(256 * MIB / 16);
    }

    @Test
    void neverBelowTheJdksOwnSize() {
        assertThat(HttpReadBuffer.size(256 * MIB, 1000)).isEqualTo(16 * 1024);
        assertThat(HttpReadBuffer.size(16 * MIB, 100_000)).isEqualTo(16 * 1024);
        assertThat(HttpReadBuffer.size(0, 0)).isEqualTo(16 * 1024);
    }
}
