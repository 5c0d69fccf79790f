package io.trawl.worker.files;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.Partition;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.Connector;
import io.trawl.worker.source.ConnectorContract;
import io.trawl.worker.source.RequestGate;
import io.trawl.worker.source.SourceHttp;
import io.trawl.worker.source.SourceMemory;
import io.trawl.worker.source.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The file connector passes the contract every connector passes, on snapshots of a dataset file. */
class HttpFileConnectorContractIT extends ConnectorContract {

    private static final String NAMESPACE = TestInfrastructure.namespace(HttpFileConnectorContractIT.class);

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @Override
    protected Connector connector(WorkerProperties properties) {
        return new HttpFileConnector(
                new SourceHttp(properties, RequestGate.OPEN, 1),
                properties,
                new SourceMemory(REDIS.template(), new TrawlProperties(NAMESPACE, Map.of()), Clock.systemUTC()));
    }

    @Override
    protected SourceDefinition source(String baseUrl) {
        return new SourceDefinition(
                SourceType.HTTP_FILE,
                "reference",
                null,
                baseUrl + "/data/files/{SYMBOL}.csv",
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
        return new FileValidator();
    }

    @Override
    protected Partition partition() {
        return new Partition.Snapshot(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    protected long expectedRows() {
        return 0; // a file is counted as one object, not in rows
    }

    @Override
    protected Instant expectedFirstOpen() {
        return null;
    }

    @Override
    protected String absentSymbol() {
        return "GONE";
    }

    @Override
    protected Partition foreignPartition() {
        return new Partition.Month(YearMonth.of(2024, 1));
    }

    @Override
    protected String interval() {
        return "1d";
    }
}
