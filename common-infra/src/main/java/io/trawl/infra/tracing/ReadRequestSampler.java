package io.trawl.infra.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Set;
import org.springframework.core.env.PropertyResolver;

/**
 * Samples the read-only HTTP requests that would begin a trace of their own (GET, HEAD, OPTIONS: a CLI or console
 * polling a job, health probes, metric scrapes) at a share of their own, and everything else as the sampler it
 * wraps does. A job's trace begins with the POST that submits it, which stays sampled; without this every poll was
 * a trace (a CLI watching a job makes two a second). A read that arrives inside a trace follows its parent.
 */
public final class ReadRequestSampler implements Sampler {

    /** The property that sets the share of read-only requests traced. */
    public static final String SHARE_PROPERTY = "trawl.tracing.read-share";

    /** Span names of read-only requests when they start ({@link NamedRequestSpans}: {@code http <method>}). */
    private static final Set<String> READS = Set.of("http get", "http head", "http options");

    private final Sampler delegate;
    private final Sampler reads;
    private final double share;

    /**
     * @param delegate how every other span is sampled (Spring Boot's sampler)
     * @param share share of the read-only requests that begin a trace which are traced, from 0 to 1
     */
    public ReadRequestSampler(Sampler delegate, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(SHARE_PROPERTY + " must be from 0 to 1, not " + share);
        }
        this.delegate = delegate;
        this.share = share;
        this.reads = Sampler.traceIdRatioBased(share);
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        boolean root = !Span.fromContext(parentContext).getSpanContext().isValid();
        Sampler sampler = root && spanKind == SpanKind.SERVER && READS.contains(name) ? reads : delegate;
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    /** The share {@code environment} sets ({@value #SHARE_PROPERTY}, 0.01 when unset), refused naming the property. */
    public static double share(PropertyResolver environment) {
        String value = environment.getProperty(SHARE_PROPERTY, "0.01").strip();
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    SHARE_PROPERTY + " must be a number from 0 to 1, not '" + value + "'", e);
        }
    }

    @Override
    public String getDescription() {
        return "ReadRequestSampler{reads=" + share + ", others=" + delegate.getDescription() + "}";
    }
}
