package io.trawl.infra.redis;

import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import java.net.SocketAddress;

/**
 * Lettuce's command tracing, kept for the commands sent inside a sampled trace and skipped for all others. Lettuce
 * otherwise starts an observation for every command (a span, a long-task timer, baggage propagation) on its event
 * loop, 7-9 % of each service's CPU in benchmark 1, for the unsampled tasks of a large job too, and makes a
 * trace of its own out of each command sent outside a trace (heartbeats, dispatch, gauges). Whether a command is
 * traced is decided on the thread that sends it, where its caller's span is current.
 */
public final class SampledRedisTracing implements Tracing {

    /** Answers whether the sending thread's current span is recorded. */
    @FunctionalInterface
    public interface Sampling {
        boolean sampled();
    }

    /** The delegate's context of a command sent inside a sampled trace. */
    private record Sampled(TraceContext context) implements TraceContext {}

    private final Tracing delegate;
    private final TraceContextProvider contexts;
    private final TracerProvider tracers;

    public SampledRedisTracing(Tracing delegate, Sampling sampling) {
        this.delegate = delegate;
        TraceContextProvider inner = delegate.initialTraceContextProvider();
        this.contexts = () -> sampling.sampled() ? new Sampled(inner.getTraceContext()) : null;
        Tracer tracer = new Tracer() {
            @Override
            public Span nextSpan() {
                return Untraced.SPAN;
            }

            @Override
            public Span nextSpan(TraceContext context) {
                return context instanceof Sampled sampled
                        ? delegate.getTracerProvider().getTracer().nextSpan(sampled.context())
                        : Untraced.SPAN;
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

    /** The span of a command that is not traced: records nothing. */
    private static final class Untraced extends Tracer.Span {

        static final Untraced SPAN = new Untraced();

        @Override
        public Tracer.Span start(RedisCommand<?, ?, ?> command) {
            return this;
        }

        @Override
        public Tracer.Span name(String name) {
            return this;
        }

        @Override
        public Tracer.Span annotate(String value) {
            return this;
        }

        @Override
        public Tracer.Span tag(String key, String value) {
            return this;
        }

        @Override
        public Tracer.Span error(Throwable throwable) {
            return this;
        }

        @Override
        public Tracer.Span remoteEndpoint(Endpoint endpoint) {
            return this;
        }

        @Override
        public void finish() {
            // nothing recorded
        }
    }
}
