package io.trawl.worker.feeds;

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
import tools.jackson.databind.json.JsonMapper;

/** The feed connector passes the contract every connector passes, on snapshots of a 20-item feed. */
class FeedConnectorContractIT extends ConnectorContract {

    private static final String NAMESPACE = TestInfrastructure.namespace(FeedConnectorContractIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @Override
    protected Connector connector(WorkerProperties properties) {
        return new FeedConnector(
                new SourceHttp(properties, RequestGate.OPEN, 1),
                properties,
                new SourceMemory(REDIS.template(), new TrawlProperties(NAMESPACE, Map.of()), Clock.systemUTC()),
                JSON,
                Clock.systemUTC());
    }

    @Override
    protected SourceDefinition source(String baseUrl) {
        return new SourceDefinition(
                SourceType.FEED,
                "news",
                null,
                baseUrl + "/news/feeds/{SYMBOL}.xml",
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
        return new FeedValidator(JSON);
    }

    @Override
    protected Partition partition() {
        return new Partition.Snapshot(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    protected long expectedRows() {
        return 20;
    }

    @Override
    protected Instant expectedFirstOpen() {
        return null;
    }

    @Override
    protected String absentSymbol() {
        return "GONE";
    }

    /** Each item carries the time it was fetched. */
    @Override
    protected boolean sameBytesOnRetry() {
        return false;
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
