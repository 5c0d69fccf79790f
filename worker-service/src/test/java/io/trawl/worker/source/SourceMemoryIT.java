package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.infra.TrawlProperties;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What feeds and files remember, in the real Redis: seen ids bounded, a first-release set upgraded in place. */
class SourceMemoryIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(SourceMemoryIT.class);

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    private final TrawlProperties trawl = new TrawlProperties(NAMESPACE, Map.of());
    private final SourceMemory memory = new SourceMemory(REDIS.template(), trawl, Clock.systemUTC());

    @Test
    void onlyWhatWasStoredIsRememberedAndTheSeenIdsStayBounded() {
        memory.hold(Path.of("spool-1"), new SourceMemory.Memory("news", "ACME", Map.of("etag", "\"1\""), List.of("a")));
        assertThat(memory.unseen("news", "ACME", List.of("a", "b")))
                .as("held, not stored")
                .containsExactly("a", "b");

        memory.release(Path.of("spool-1"));
        List<String> many = IntStream.range(0, SourceMemory.MOST_SEEN + 5)
                .mapToObj(i -> "id-" + i)
                .toList();
        memory.remember(new SourceMemory.Memory("news", "ACME", Map.of(), many));

        assertThat(memory.unseen("news", "ACME", List.of("b", "id-" + (SourceMemory.MOST_SEEN + 4), "c")))
                .containsExactly("b", "c");
        assertThat(memory.fields("news", "ACME")).containsEntry("etag", "\"1\"");
        assertThat(REDIS.template().opsForZSet().size(trawl.topology().redis().seen("news", "ACME")))
                .isEqualTo(SourceMemory.MOST_SEEN);
    }

    @Test
    void seenIdsKeptAsASetByTheFirstReleaseAreUpgradedInPlace() {
        String key = trawl.topology().redis().seen("news", "OLD");
        REDIS.template().opsForSet().add(key, "x", "y");

        assertThat(memory.unseen("news", "OLD", List.of("x", "z", "y"))).containsExactly("z");
        memory.remember(new SourceMemory.Memory("news", "OLD", Map.of(), List.of("z")));
        assertThat(REDIS.template().opsForZSet().size(key)).isEqualTo(3);
    }
}
