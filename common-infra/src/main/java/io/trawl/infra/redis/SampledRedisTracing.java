package io.trawl.infra.redis;

import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import java.net.SocketAddress;
import java.util.function.BooleanSupplier;

/**
 * Lettuce's command tracing, kept for the commands sent inside a sampled trace and skipped for all others. Lettuce
 * otherwise starts an observation for every command (a span, a long-task timer, baggage propagation) on its event
 * loop, 7-9 % of each service's CPU in benchmark 1, for the unsampled tasks of a large job too, and makes a
 * trace of its own out of each command sent outside a trace (heartbeats, dispatch, gauges). Whether a command is
 * traced is decided on the thread that sends it, where its caller's span is current; the others get Lettuce's
 * own span that records nothing.
 */
public final class SampledRedisTracing implements Tracing {

    private static final Tracer.Span UNTRACED =
            Tracing.disabled().getTracerProvider().getTracer().nextSpan();

    /** The delegate's context of a command sent inside a sampled trace. */
    private record Sampled(TraceContext context) implements TraceContext {}

    private final Tracing delegate;
    private final TraceContextProvider contexts;
    private final TracerProvider tracers;

    /**
     * @param delegate the tracing of the commands that are traced
     * @param sampled whether the sending thread's current span is recorded
     */
    public SampledRedisTracing(Tracing delegate, BooleanSupplier sampled) {
        this.delegate = delegate;
        TraceContextProvider inner = delegate.initialTraceContextProvider();
        this.contexts = () -> sampled.getAsBoolean() ? new Sampled(inner.getTraceContext()) : null;
        Tracer traced = delegate.getTracerProvider().getTracer();
        Tracer tracer = new Tracer() {
            @Override
            public Span nextSpan() {
                return UNTRACED;
            }

            @Override
            public Span nextSpan(TraceContext context) {
                return context instanceof Sampled s ? traced.nextSpan(s.context()) : UNTRACED;
            }
        };
        this.tracers = () -> tracer;
    }

    @Override
    public TracerProvider getTracerProvider() {
        return tracers;
    }

    @Override
    public TraceContextProvider initialTraceContextProvider() {
        return contexts;
    }

    @Override
    public boolean isEnabled() {
        return delegate.isEnabled();
    }

    @Override
    public boolean includeCommandArgsInSpanTags() {
        return delegate.includeCommandArgsInSpanTags();
    }

    @Override
    public Endpoint createEndpoint(SocketAddress socketAddress) {
        return delegate.createEndpoint(socketAddress);
    }
}
