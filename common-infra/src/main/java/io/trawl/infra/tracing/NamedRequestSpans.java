package io.trawl.infra.tracing;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Locale;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring Boot's handler of incoming spans (HTTP requests, AMQP deliveries), except that an HTTP request's span
 * starts under the name {@code http <method>} (Spring names it so when it ends, then with its route): Micrometer
 * starts it without a name, so the {@link ReadRequestSampler}, which decides when a span starts, could not tell a
 * poll from a submission.
 */
public final class NamedRequestSpans extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

    public NamedRequestSpans(Tracer tracer, Propagator propagator) {
        super(tracer, propagator);
    }

    @Override
    public Span.Builder customizeExtractedSpan(ReceiverContext<?> context, Span.Builder builder) {
        if (context instanceof ServerRequestObservationContext request) {
            return builder.name("http " + request.getCarrier().getMethod().toLowerCase(Locale.ROOT));
        }
        return builder;
    }
}
