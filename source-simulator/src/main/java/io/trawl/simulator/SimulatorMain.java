package io.trawl.simulator;

import java.time.Duration;
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
 *      [--hang SYM,...] [--seed 42] [--bind 127.0.0.1]
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
                case "--rate-limit" -> config.withRateLimits(limits(value));
                case "--corrupt" -> config.withCorruptSymbols(symbols(value));
                case "--missing" -> config.withMissingSymbols(symbols(value));
                case "--error-status" -> config.withErrorStatus(number(flag, value));
                case "--invalid" -> config.withInvalidSymbols(symbols(value));
                case "--hang" -> config.withHangingSymbols(symbols(value));
                case "--seed" -> config.withSeed(number(flag, value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        return config;
    }

    private static Map<String, Integer> limits(String value) {
        Map<String, Integer> limits = new HashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--rate-limit expects source=N[,source=N] but got '" + pair + "'");
            }
            limits.put(parts[0].trim(), number("--rate-limit " + parts[0], parts[1].trim()));
        }
        return limits;
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
