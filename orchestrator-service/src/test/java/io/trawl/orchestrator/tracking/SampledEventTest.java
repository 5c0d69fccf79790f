package io.trawl.orchestrator.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

class SampledEventTest {

    @Test
    void anEventOfASampledTraceIsTheOneWithTheSampledFlag() {
        assertThat(EventListener.sampled(event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
                .isTrue();
        assertThat(EventListener.sampled(event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")))
                .isFalse();
        assertThat(EventListener.sampled(event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")))
                .as("other flags beside it")
                .isTrue();
    }

    @Test
    void anEventWithoutAWellFormedTraceContextIsNotTraced() {
        assertThat(EventListener.sampled(event(null))).isFalse();
        assertThat(EventListener.sampled(event("01"))).isFalse();
        assertThat(EventListener.sampled(event("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz")))
                .isFalse();
    }

    private static Message event(String traceparent) {
        MessageBuilder builder = MessageBuilder.withBody(new byte[0]);
        if (traceparent != null) {
            builder.setHeader("traceparent", traceparent);
        }
        return builder.build();
    }
}
