package io.trawl.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.sources.Counting;
import io.trawl.sources.RateWindow;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Limits written in configuration (or environment variables) reach the record, windows and all. */
class SourceLimitsBindingTest {

    @Test
    void limitsBindFromPropertiesWithWindowsWeightsAndCounting() {
        MapConfigurationPropertySource properties = new MapConfigurationPropertySource(Map.of(
                "trawl.sources.binance.type", "http-archive",
                "trawl.sources.binance.dataset", "klines",
                "trawl.sources.binance.url-template", "http://x/{SYMBOL}",
                "trawl.sources.binance.limits.cps", "15",
                "trawl.sources.binance.limits.weight", "2",
                "trawl.sources.binance.limits.windows[0].limit", "6000",
                "trawl.sources.binance.limits.windows[0].period", "1m",
                "trawl.sources.binance.limits.windows[0].fixed", "true",
                "trawl.sources.binance.limits.counting", "answer"));

        TrawlProperties trawl =
                new Binder(properties).bind("trawl", TrawlProperties.class).get();

        SourceLimits limits = trawl.source("binance").limits();
        assertThat(limits.cps()).isEqualTo(15);
        assertThat(limits.burst()).as("spread evenly by default").isEqualTo(1);
        assertThat(limits.weight()).isEqualTo(2);
        assertThat(limits.windows()).containsExactly(new RateWindow(6000, Duration.ofMinutes(1), true));
        assertThat(limits.counting()).isEqualTo(Counting.ANSWER);
        assertThat(limits.safetyFactor()).isEqualTo(1.0);
    }
}
