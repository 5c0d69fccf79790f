package io.trawl.simulator;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs the simulator by itself:
 *
 * <pre>
 * java -jar source-simulator-exec.jar --port 8090 [--latency-ms 50] [--error-rate 0.1] [--error-status 500]
 *      [--rate-limit binance=15,bitstamp=5] [--corrupt SYM,...] [--missing SYM,...] [--invalid SYM,...]
 *      [--hang SYM,...] [--seed 42] [--bind 127.0.0.1] [--jitter-ms 200] [--ban-after 5] [--retry-after-s 1]
 *      [--ban-for-s 120] [--minute-weight binance=6000] [--weight binance=2] [--listed SYM=2020-01,...]
 *      [--publish-policy binance,...]
 * </pre>
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        String bind = "127.0.0.1";
        List<String> rest = new ArrayList<>(List.of(args));
        int at = rest.indexOf("--bind");
        try {
            if (at >= 0) {
                if (at + 1 >= rest.size()) {
                    throw new IllegalArgumentException("option --bind needs a value");
                }
                bind = rest.remove(at + 1);
                rest.remove(at);
            }
            config = parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println("source-simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        SourceSimulator simulator = SourceSimulator.start(config, bind);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("source-simulator ready on " + simulator.baseUrl());
        stopped.await();
    }

    static SimulatorConfig parse(String[] args) {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(8090);
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + flag + " needs a value");
            }
            String value = args[i + 1];
            config = switch (flag) {
                case "--port" -> config.withPort(number(flag, value));
                case "--latency-ms" -> config.withLatency(Duration.ofMillis(number(flag, value)));
                case "--error-rate" -> config.withErrorRate(decimal(flag, value));
                case "--rate-limit" -> config.withRateLimits(limits(flag, value));
                case "--corrupt" -> config.withCorruptSymbols(symbols(value));
                case "--missing" -> config.withMissingSymbols(symbols(value));
                case "--error-status" -> config.withErrorStatus(number(flag, value));
                case "--invalid" -> config.withInvalidSymbols(symbols(value));
                case "--hang" -> config.withHangingSymbols(symbols(value));
                case "--seed" -> config.withSeed(number(flag, value));
                case "--jitter-ms" ->
                    config.withRules(config.rules().withJitter(Duration.ofMillis(number(flag, value))));
                case "--ban-after" -> config.withRules(rules(config, number(flag, value), null, null));
                case "--retry-after-s" ->
                    config.withRules(rules(config, null, Duration.ofSeconds(number(flag, value)), null));
                case "--ban-for-s" ->
                    config.withRules(rules(config, null, null, Duration.ofSeconds(number(flag, value))));
                case "--minute-weight" -> config.withRules(weights(config, limits(flag, value), null));
                case "--weight" -> config.withRules(weights(config, null, limits(flag, value)));
                case "--listed" -> config.withRules(config.rules().withListings(listings(value)));
                case "--publish-policy" -> config.withRules(published(config.rules(), symbols(value)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        return config;
    }

    private static ServerRules published(ServerRules rules, Set<String> sources) {
        ServerRules published = rules;
        for (String source : sources) {
            published = published.withPublishedPolicy(source);
        }
        return published;
    }

    private static Map<String, Integer> limits(String flag, String value) {
        Map<String, Integer> limits = new HashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException(flag + " expects source=N[,source=N] but got '" + pair + "'");
            }
            limits.put(parts[0].trim(), number(flag + " " + parts[0], parts[1].trim()));
        }
        return limits;
    }

    private static ServerRules rules(SimulatorConfig config, Integer banAfter, Duration retryAfter, Duration banFor) {
        ServerRules r = config.rules();
        return r.withBans(
                banAfter == null ? r.banAfter() : banAfter,
                retryAfter == null ? r.retryAfter() : retryAfter,
                banFor == null ? r.banFor() : banFor);
    }

    private static ServerRules weights(
            SimulatorConfig config, Map<String, Integer> perMinute, Map<String, Integer> weight) {
        ServerRules r = config.rules();
        return new ServerRules(
                r.banAfter(),
                r.retryAfter(),
                r.banFor(),
                perMinute == null ? r.minuteWeights() : perMinute,
                weight == null ? r.weights() : weight,
                r.jitter(),
                r.listings(),
                r.publishingPolicy());
    }

    private static Map<String, YearMonth> listings(String value) {
        Map<String, YearMonth> listings = new HashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.split("=");
            try {
                listings.put(parts[0].trim(), YearMonth.parse(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--listed expects SYMBOL=YYYY-MM[,...] but got '" + pair + "'");
            }
        }
        return listings;
    }

    private static Set<String> symbols(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a whole number but got '" + value + "'");
        }
    }

    private static double decimal(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a number but got '" + value + "'");
        }
    }
}
