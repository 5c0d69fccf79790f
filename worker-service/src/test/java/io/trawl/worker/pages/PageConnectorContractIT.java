package io.trawl.worker.pages;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.Partition;
import io.trawl.sources.PageRules;
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

/** The page connector passes the contract every connector passes, on snapshots of a page of 10 stories. */
class PageConnectorContractIT extends ConnectorContract {

    private static final String NAMESPACE = TestInfrastructure.namespace(PageConnectorContractIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @Override
    protected Connector connector(WorkerProperties properties) {
        SourceHttp http = new SourceHttp(properties, RequestGate.OPEN, 1);
        return new PageConnector(
                http,
                properties,
                new SourceMemory(REDIS.template(), new TrawlProperties(NAMESPACE, Map.of()), Clock.systemUTC()),
                new RobotsRules(http, properties, Clock.systemUTC()),
                JSON,
                Clock.systemUTC());
    }

    @Override
    protected SourceDefinition source(String baseUrl) {
        return new SourceDefinition(
                SourceType.PAGE,
                "stories",
                null,
                baseUrl + "/site/pages/{SYMBOL}.html",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new PageRules("article.story", Map.of("title", "h2", "link", "a@href"), null),
                null);
    }

    @Override
    protected Validator validator() {
        return new PageValidator();
    }

    @Override
    protected Partition partition() {
        return new Partition.Snapshot(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    protected long expectedRows() {
        return 10;
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
