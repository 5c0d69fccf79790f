package io.trawl.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStepsTest {

    private static final CollectTask TASK = new CollectTask(
            "j.binance.BTCUSDT.1d.2024-01",
            "binance",
            "klines",
            "BTCUSDT",
            "1d",
            new Partition.Month(YearMonth.of(2024, 1)),
            1,
            0);

    @Test
    void anUnsampledStepRecordsTheTimersAnObservationWould() {
        MeterRegistry observed = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(observed));
        MeterRegistry direct = new SimpleMeterRegistry();
        // no current span: the observation path (a trace may begin); Tracer.NOOP's span: the direct path
        TaskSteps sampled = new TaskSteps(observations, Tracer.NOOP, observed);
        TaskSteps unsampled = new TaskSteps(observations, unsampledTracer(), direct);

        for (TaskSteps steps : List.of(sampled, unsampled)) {
            for (int task = 0; task < 2; task++) { // the second finds the meters the first registered
                assertThat(steps.observe(TaskSteps.FETCH, TASK, () -> "fetched"))
                        .isEqualTo("fetched");
                assertThatThrownBy(() -> steps.observe(TaskSteps.STORE, TASK, () -> {
                            throw new IllegalStateException("store down");
                        }))
                        .hasMessage("store down");
            }
        }

        for (MeterRegistry meters : List.of(observed, direct)) {
            assertThat(meters.get(TaskSteps.FETCH)
                            .tag("source", "binance")
                            .tag("error", "none")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(meters.get(TaskSteps.STORE)
                            .tag("source", "binance")
                            .tag("error", "IllegalStateException")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(meters.get(TaskSteps.FETCH + ".active")
                            .tag("source", "binance")
                            .longTaskTimer()
                            .activeTasks())
                    .isZero();
        }
    }

    /** A tracer whose current span belongs to a trace that is not sampled. */
    private static Tracer unsampledTracer() {
        TraceContext context = mock(TraceContext.class);
        when(context.sampled()).thenReturn(false);
        Span span = mock(Span.class);
        when(span.context()).thenReturn(context);
        Tracer tracer = mock(Tracer.class);
        when(tracer.currentSpan()).thenReturn(span);
        return tracer;
    }
}
