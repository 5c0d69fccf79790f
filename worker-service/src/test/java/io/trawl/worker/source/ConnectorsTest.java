package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.TrawlProperties;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorsTest {

    private static final TrawlProperties ONE_ARCHIVE_SOURCE = new TrawlProperties(
            "test",
            Map.of(
                    "binance",
                    new SourceDefinition(
                            SourceType.HTTP_ARCHIVE,
                            "klines",
                            List.of("1d"),
                            "http://127.0.0.1:1/{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)));

    @Test
    void aConfiguredSourceWhoseKindNoConnectorFetchesFailsStartUpNamingIt() {
        assertThatThrownBy(() -> new Connectors(List.of(), List.of(new ArchiveValidator()), ONE_ARCHIVE_SOURCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "source 'binance' is of kind HTTP_ARCHIVE, which no connector of this worker" + " fetches");
    }

    @Test
    void eachSourceGetsTheConnectorOfItsKindAndFetchedContentTheValidatorOfItsType() {
        Connector archives = new Connector() {
            @Override
            public SourceType kind() {
                return SourceType.HTTP_ARCHIVE;
            }

            @Override
            public Fetched fetch(io.trawl.messages.CollectTask task, SourceDefinition source, FetchContext context) {
                throw new UnsupportedOperationException();
            }
        };
        Connectors connectors = new Connectors(List.of(archives), List.of(new ArchiveValidator()), ONE_ARCHIVE_SOURCE);

        assertThat(connectors.of(ONE_ARCHIVE_SOURCE.source("binance"))).isSameAs(archives);
        Fetched zip = new Fetched(java.nio.file.Path.of("x"), "u", 1, "ab", "application/zip", "zip");
        assertThat(connectors.validatorOf(zip)).isInstanceOf(ArchiveValidator.class);
        Fetched json = new Fetched(java.nio.file.Path.of("x"), "u", 1, "ab", "application/json", "json");
        assertThatThrownBy(() -> connectors.validatorOf(json))
                .hasMessageContaining("no validator reads application/json");
    }
}
