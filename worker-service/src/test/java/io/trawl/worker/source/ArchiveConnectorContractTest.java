package io.trawl.worker.source;

import io.trawl.messages.Partition;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.worker.WorkerProperties;
import java.time.YearMonth;
import java.util.List;

/** The archive connector passes the contract every connector passes. */
class ArchiveConnectorContractTest extends ConnectorContract {

    @Override
    protected Connector connector(WorkerProperties properties) {
        return new HttpArchiveConnector(properties, new SourceHttp(properties, RequestGate.OPEN, 1));
    }

    @Override
    protected SourceDefinition source(String baseUrl) {
        return new SourceDefinition(
                SourceType.HTTP_ARCHIVE,
                "klines",
                List.of("1h"),
                baseUrl + "/binance/data/spot/monthly/klines/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Override
    protected Validator validator() {
        return new ArchiveValidator();
    }

    @Override
    protected Partition partition() {
        return new Partition.Month(YearMonth.of(2024, 1));
    }

    @Override
    protected long expectedRows() {
        return 31 * 24;
    }
}
