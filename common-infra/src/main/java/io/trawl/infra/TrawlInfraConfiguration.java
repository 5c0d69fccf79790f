package io.trawl.infra;

import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.trawl.infra.amqp.AmqpConfiguration;
import io.trawl.infra.amqp.MessageProperties;
import io.trawl.infra.control.JobControl;
import io.trawl.infra.limits.LimiterKeys;
import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.infra.limits.SourceStates;
import io.trawl.infra.redis.SampledRedisTracing;
import io.trawl.infra.storage.StorageConfiguration;
import io.trawl.infra.storage.StorageProperties;
import io.trawl.infra.tasklogs.TaskLogSettings;
import io.trawl.infra.tasklogs.TaskLogs;
import io.trawl.infra.tracing.NamedRequestSpans;
import io.trawl.infra.tracing.ReadRequestSampler;
import io.trawl.infra.workers.WorkerDirectory;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

/** What a Trawl service imports to get its properties, broker topology, publisher and object store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TrawlProperties.class, TaskLogSettings.class})
@Import({AmqpConfiguration.class, StorageConfiguration.class})
public class TrawlInfraConfiguration {

    /** Live per-source limits, shared through Redis. */
    @Bean
    SourceLimitsStore sourceLimitsStore(StringRedisTemplate redis, TrawlProperties trawl) {
        return new SourceLimitsStore(redis, trawl);
    }

    /** Names of the limiter's Redis keys. */
    @Bean
    LimiterKeys limiterKeys(TrawlProperties trawl) {
        return new LimiterKeys(trawl);
    }

    /** Each source's limiter state (pauses, bans, learned ceiling) and the operator's pause switch. */
    @Bean
    SourceStates sourceStates(StringRedisTemplate redis, LimiterKeys keys, Clock clock) {
        return new SourceStates(redis, keys, clock);
    }

    /** Run/pause/cancel switches of jobs and tasks, shared through Redis. */
    @Bean
    JobControl jobControl(StringRedisTemplate redis, TrawlProperties trawl) {
        return new JobControl(redis, trawl);
    }

    /** The cluster's workers and their heartbeats. */
    @Bean
    WorkerDirectory workerDirectory(StringRedisTemplate redis, TrawlProperties trawl) {
        return new WorkerDirectory(redis, trawl);
    }

    /** Each task's own log lines, written by workers, read by the orchestrator. */
    @Bean
    TaskLogs taskLogs(StringRedisTemplate redis, TrawlProperties trawl, TaskLogSettings settings, JsonMapper json) {
        return new TaskLogs(redis, trawl, settings, json);
    }

    /** Refuses to start outside a local run while a credential is still a public default. */
    @Bean
    DefaultCredentialsGuard defaultCredentialsGuard(
            Environment environment, StorageProperties storage, MessageProperties messages) {
        return new DefaultCredentialsGuard(environment, storage, messages);
    }

    /**
     * Redis commands traced only inside a sampled trace ({@link SampledRedisTracing}); it stands in for Spring
     * Boot's {@code LettuceObservationAutoConfiguration}, which each application excludes.
     */
    @Bean
    ClientResourcesBuilderCustomizer sampledRedisTracing(
            ObjectProvider<ObservationRegistry> observations, ObjectProvider<Tracer> tracers) {
        // looked up once (on the first command), not for each: a bean lookup per command cost 4 % of a worker's CPU
        Supplier<Tracer> tracer = SingletonSupplier.of(tracers::getIfAvailable);
        return builder -> observations.ifAvailable(registry -> builder.tracing(
                new SampledRedisTracing(new MicrometerTracing(registry, "Redis"), () -> sampled(tracer.get()))));
    }

    private static boolean sampled(Tracer tracer) {
        Span span = tracer == null ? null : tracer.currentSpan();
        return span != null
                && !span.isNoop()
                && Boolean.TRUE.equals(span.context().sampled());
    }

    /**
     * Read-only HTTP requests that begin a trace (polls, probes, scrapes) are traced at {@code
     * trawl.tracing.read-share} (1 %), everything else as Spring Boot's sampler decides ({@link
     * ReadRequestSampler}).
     */
    @Bean
    static BeanPostProcessor readRequestSampling(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof Sampler sampler && !(bean instanceof ReadRequestSampler)
                        ? new ReadRequestSampler(sampler, ReadRequestSampler.share(environment))
                        : bean;
            }
        };
    }

    /**
     * Boot's handler of incoming spans, with each HTTP request's span started under {@code http <method>}, which
     * the sampler above reads ({@link NamedRequestSpans}); Boot's own steps aside for it.
     */
    @Bean
    @Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
    NamedRequestSpans namedRequestSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        // without tracing (management.tracing.enabled=false) there is no tracer: the spans are no-ops then
        return new NamedRequestSpans(
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /** Time source of both services; tests replace it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
