package io.trawl.infra.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

class ReadRequestSamplerTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    private final Sampler sampler = new ReadRequestSampler(Sampler.parentBased(Sampler.alwaysOn()), 0);

    @Test
    void aReadThatBeginsATraceIsSampledAtItsOwnShare() {
        assertThat(decide(Context.root(), "http get", SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), "http head", SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), "http options", SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void everythingElseIsSampledAsTheWrappedSamplerSays() {
        assertThat(decide(Context.root(), "http post", SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), "http delete /schedules/{id}", SpanKind.SERVER))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        // an outgoing GET (a worker fetching from a source) is no poll of ours
        assertThat(decide(Context.root(), "http get", SpanKind.CLIENT)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), "http getaway", SpanKind.SERVER))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), "trawl.schedule.run", SpanKind.INTERNAL))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aReadInsideATraceFollowsItsParent() {
        assertThat(decide(parent(TraceFlags.getSampled()), "http get", SpanKind.SERVER))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(parent(TraceFlags.getDefault()), "http post", SpanKind.SERVER))
                .isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new ReadRequestSampler(Sampler.alwaysOn(), 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trawl.tracing.read-share")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new ReadRequestSampler(Sampler.alwaysOn(), Double.NaN))
                .hasMessageContaining("trawl.tracing.read-share");
    }

    @Test
    void theShareIsReadFromTheEnvironmentAndAnythingButANumberIsRefusedNamingTheProperty() {
        assertThat(ReadRequestSampler.share(new MockEnvironment())).isEqualTo(0.01);
        assertThat(ReadRequestSampler.share(new MockEnvironment().withProperty("trawl.tracing.read-share", " 0.5 ")))
                .isEqualTo(0.5);
        // as docs/configuration.md names it: the environment variable, in relaxed form
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("TRAWL_TRACING_READSHARE", "0.2")));
        ConfigurationPropertySources.attach(environment);
        assertThat(ReadRequestSampler.share(environment)).isEqualTo(0.2);
        assertThatThrownBy(() -> ReadRequestSampler.share(
                        new MockEnvironment().withProperty("trawl.tracing.read-share", "half")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trawl.tracing.read-share must be a number from 0 to 1, not 'half'");
    }

    @Test
    void aShareOfOneTracesEveryRead() {
        Sampler all = new ReadRequestSampler(Sampler.alwaysOff(), 1);
        assertThat(all.shouldSample(Context.root(), TRACE, "http get", SpanKind.SERVER, Attributes.empty(), List.of())
                        .getDecision())
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(all.getDescription()).contains("reads=1.0");
    }

    private SamplingDecision decide(Context parent, String name, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, name, kind, Attributes.empty(), List.of())
                .getDecision();
    }

    private static Context parent(TraceFlags flags) {
        SpanContext context =
                SpanContext.createFromRemoteParent(TRACE, "b7ad6b7169203331", flags, TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }
}
