package io.trawl.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves deterministic monthly and daily archives and their sha256 sidecars for any symbol, month and day, in
 * the public exchange layout {@code /<source>/.../<SYMBOL>/<interval>/<SYMBOL>-<interval>-<YYYY>-<MM>[-<DD>].zip[.CHECKSUM]}
 * (months are published once over, days likewise),
 * and judges each source's clients as a real exchange does (see {@link ClientJudge}): counting at arrival,
 * 429 with {@code Retry-After}, a ban (418) for sending on during it, clock-aligned minute weights. {@code GET /_stats} reports what it saw; {@code POST
 * /_reset} forgets it.
 */
public final class SourceSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceSimulator.class);
    private static final Pattern ARCHIVE = Pattern.compile(
            "^/([a-z0-9-]+)/(?:[^?]*/)?([A-Z0-9._-]+)/([0-9]{1,3}[mhd])/\\2-\\3-(\\d{4})-(\\d{2})(?:-(\\d{2}))?\\.zip(\\.CHECKSUM)?$");

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ClientJudge> counters = new ConcurrentHashMap<>();
    private final SplittableRandom errors;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> failedFirst = new ConcurrentHashMap<>();
    private final Map<String, PreparedArchive> largeArchives = new ConcurrentHashMap<>();
    private final ServedArchives served = new ServedArchives();
    private final CandleRoutes candles;
    private final FeedRoutes feeds;
    private final FileRoutes files;
    private final PageRoutes pages;
    private final java.util.concurrent.atomic.AtomicInteger robotsTxtRequests =
            new java.util.concurrent.atomic.AtomicInteger();
    private final Set<String> userAgents = ConcurrentHashMap.newKeySet();

    private SourceSimulator(SimulatorConfig config, String bindAddress) throws IOException {
        this.config = config;
        this.errors = new SplittableRandom(config.seed());
        this.candles =
                new CandleRoutes(config.rules().listings(), config.symbols().missing());
        this.feeds = new FeedRoutes(config.symbols().invalid(), config.symbols().missing());
        this.files = new FileRoutes(config.symbols().corrupt(), config.symbols().missing());
        this.pages = new PageRoutes(config.symbols().invalid(), config.symbols().missing());
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, config.port()), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts a simulator with the given knobs, listening on the loopback interface. */
    public static SourceSimulator start(SimulatorConfig config) {
        return start(config, "127.0.0.1");
    }

    /** Starts a simulator with the given knobs, listening on {@code bindAddress} (0.0.0.0 in a container). */
    public static SourceSimulator start(SimulatorConfig config, String bindAddress) {
        try {
            SourceSimulator simulator = new SourceSimulator(config, bindAddress);
            simulator.server.start();
            log.info("Source simulator listening on {} with {}", simulator.baseUrl(), config);
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException("source simulator could not listen on port " + config.port(), e);
        }
    }

    /** E.g. {@code http://127.0.0.1:8090}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What the simulator saw, per source. */
    public List<SourceStats> stats() {
        return counters.entrySet().stream()
                .map(e -> e.getValue().stats(e.getKey()))
                .sorted(java.util.Comparator.comparing(SourceStats::source))
                .toList();
    }

    /**
     * From now on serves {@code symbol}'s archive of {@code month} as a synthetic archive of about {@code bytes},
     * written to a temporary file first and sent from it, as a server publishes a prepared file (a benchmark of
     * large downloads); the file is deleted when the simulator stops.
     */
    public void serveLargeArchive(String symbol, String interval, YearMonth month, long bytes) {
        try {
            Path file = Files.createTempFile("trawl-simulator-" + symbol, ".zip");
            LargeArchive.Summary summary = new LargeArchive(symbol, interval, month, bytes).writeTo(file);
            PreparedArchive previous =
                    largeArchives.put(symbol + "/" + interval + "/" + month, new PreparedArchive(file, summary));
            if (previous != null) {
                Files.deleteIfExists(previous.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a large archive", e);
        }
    }

    /** A large archive ready to serve from disk. */
    private record PreparedArchive(Path file, LargeArchive.Summary summary) {}

    /** Bans {@code source}'s client for {@code duration} (418 with Retry-After), as a server may at any time. */
    public void ban(String source, java.time.Duration duration) {
        judge(source).ban(duration);
    }

    /**
     * When {@code source}'s latest requests arrived ({@link System#nanoTime()}, oldest first): how a test judges
     * rates, utilisation and quiet periods at the source itself.
     */
    public long[] arrivals(String source) {
        return judge(source).arrivals();
    }

    private ClientJudge judge(String source) {
        return counters.computeIfAbsent(
                source, s -> new ClientJudge(config.rateLimits().getOrDefault(s, 0), config.rules(), s));
    }

    /** Forgets every count. */
    public void reset() {
        counters.clear();
        failedFirst.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        for (PreparedArchive archive : largeArchives.values()) {
            try {
                Files.deleteIfExists(archive.file());
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", archive.file(), e.getMessage());
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/_stats" ->
                    respond(exchange, 200, "application/json", statsJson().getBytes(StandardCharsets.UTF_8));
                case "/_reset" -> {
                    reset();
                    respond(exchange, 204, null, new byte[0]);
                }
                case "/_health" -> respond(exchange, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
                case "/robots.txt" -> {
                    robotsTxtRequests.incrementAndGet();
                    respond(exchange, 200, "text/plain", PageRoutes.ROBOTS_TXT.getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    String candleJudge = CandleRoutes.judgeOf(path);
                    String feedJudge = FeedRoutes.judgeOf(path);
                    if (candleJudge != null && "GET".equals(exchange.getRequestMethod())) {
                        serveJudged(exchange, candleJudge, e -> serveCandles(e, path));
                    } else if (feedJudge != null && "GET".equals(exchange.getRequestMethod())) {
                        serveJudged(exchange, feedJudge, e -> serveFeed(e, path));
                    } else if (PageRoutes.judgeOf(path) != null && "GET".equals(exchange.getRequestMethod())) {
                        serveJudged(exchange, PageRoutes.judgeOf(path), e -> servePage(e, path));
                    } else if (FileRoutes.judgeOf(path) != null && "GET".equals(exchange.getRequestMethod())) {
                        serveJudged(exchange, FileRoutes.judgeOf(path), e -> serveFile(e, path));
                    } else {
                        serveArchive(exchange, path);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("Request {} failed", exchange.getRequestURI(), e);
            respond(exchange, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void serveArchive(HttpExchange exchange, String path) throws IOException {
        Matcher m = ARCHIVE.matcher(path);
        if (!m.matches() || !"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 404, "text/plain", ("no such archive: " + path).getBytes(StandardCharsets.UTF_8));
            return;
        }
        String source = m.group(1);
        String symbol = m.group(2);
        String interval = m.group(3);
        YearMonth month = YearMonth.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        Integer day = m.group(6) == null ? null : Integer.parseInt(m.group(6));
        boolean checksum = m.group(7) != null;

        ClientJudge judge = admitted(exchange, source);
        if (judge == null) {
            return;
        }
        judge.begin();
        try {
            serveWithinLimit(exchange, source, symbol, interval, month, day, checksum);
        } finally {
            judge.end();
        }
    }

    /**
     * Counts the request at its arrival against {@code source}'s limits: answers the judge to serve it under, or
     * null once it answered 429 or 418 itself.
     */
    private ClientJudge admitted(HttpExchange exchange, String source) throws IOException {
        ClientJudge judge = judge(source);
        ClientJudge.Verdict verdict = judge.arrive(System.nanoTime(), System.currentTimeMillis());
        if (judge.reportsWeight()) {
            exchange.getResponseHeaders().set("X-MBX-USED-WEIGHT-1M", Long.toString(verdict.usedWeight()));
        }
        if (judge.policy() != null) {
            exchange.getResponseHeaders().set("RateLimit-Policy", judge.policy());
        }
        if (!verdict.served()) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(verdict.retryAfterSeconds()));
            String body = verdict.status() == 418
                    ? "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until "
                            + (System.currentTimeMillis() + verdict.retryAfterSeconds() * 1000) + ".\"}"
                    : "{\"code\":-1003,\"msg\":\"Too many requests; please use Retry-After.\"}";
            respond(exchange, verdict.status(), "application/json", body.getBytes(StandardCharsets.UTF_8));
            return null;
        }
        return judge;
    }

    /** What a REST route answers, once its request is admitted and served within the limits. */
    @FunctionalInterface
    private interface Route {
        void answer(HttpExchange exchange) throws IOException;
    }

    /**
     * Serves a REST route (candles, feeds, files) the way archives are served: counted at arrival against the
     * source's limits, then the hanging, latency and error knobs, then the route's answer.
     */
    private void serveJudged(HttpExchange exchange, String source, Route route) throws IOException {
        ClientJudge judge = admitted(exchange, source);
        if (judge == null) {
            return;
        }
        judge.begin();
        try {
            if (config.symbols().hanging().stream()
                    .anyMatch(exchange.getRequestURI().toString()::contains)) {
                hang();
                return;
            }
            pause();
            if (injectError()) {
                respond(
                        exchange,
                        config.errorStatus(),
                        "text/plain",
                        "simulated outage".getBytes(StandardCharsets.UTF_8));
                return;
            }
            route.answer(exchange);
        } finally {
            judge.end();
        }
    }

    private void serveCandles(HttpExchange exchange, String path) throws IOException {
        CandleRoutes.Answer answer = candles.answer(
                path,
                query(exchange.getRequestURI()),
                exchange.getRequestHeaders().getFirst("Authorization"),
                java.time.Instant.now());
        respond(exchange, answer.status(), "application/json", answer.bytes());
    }

    private void serveFile(HttpExchange exchange, String path) throws IOException {
        respond(exchange, files.answer(path, exchange.getRequestHeaders().getFirst("If-None-Match")), "text/csv");
    }

    private void servePage(HttpExchange exchange, String path) throws IOException {
        userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
        respond(
                exchange,
                pages.answer(path, exchange.getRequestHeaders().getFirst("If-None-Match"), java.time.Instant.now()),
                "text/html; charset=utf-8");
    }

    /** Times {@code /robots.txt} was asked for. */
    public int robotsTxtRequests() {
        return robotsTxtRequests.get();
    }

    /** The {@code User-Agent} headers pages were asked with. */
    public Set<String> pageUserAgents() {
        return Set.copyOf(userAgents);
    }

    private void serveFeed(HttpExchange exchange, String path) throws IOException {
        String encodings = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        FeedRoutes.Answer answer = feeds.answer(
                path,
                exchange.getRequestHeaders().getFirst("If-None-Match"),
                encodings != null && encodings.contains("gzip"),
                java.time.Instant.now());
        respond(exchange, answer, "application/rss+xml; charset=utf-8");
    }

    /** An answer with its own headers. */
    private static void respond(HttpExchange exchange, FeedRoutes.Answer answer, String contentType)
            throws IOException {
        for (int i = 0; i + 1 < answer.headers().length; i += 2) {
            exchange.getResponseHeaders().set(answer.headers()[i], answer.headers()[i + 1]);
        }
        respond(exchange, answer.status(), contentType, answer.body());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new java.util.HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(
                        java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private void serveWithinLimit(
            HttpExchange exchange,
            String source,
            String symbol,
            String interval,
            YearMonth month,
            Integer day,
            boolean checksum)
            throws IOException {
        SimulatorConfig.SymbolFaults faults = config.symbols();
        if (faults.hanging().contains(symbol)) {
            hang();
            return;
        }
        pause();
        if (injectError()) {
            respond(exchange, config.errorStatus(), "text/plain", "simulated outage".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (failsFirst(symbol)) {
            respond(exchange, 500, "text/plain", "simulated failure".getBytes(StandardCharsets.UTF_8));
            return;
        }
        YearMonth listed = config.rules().listings().get(symbol);
        if (faults.missing().contains(symbol) || !published(month, day) || (listed != null && month.isBefore(listed))) {
            respond(
                    exchange,
                    404,
                    "text/plain",
                    ("no archive for " + symbol + " " + month).getBytes(StandardCharsets.UTF_8));
            return;
        }
        PreparedArchive large = day == null ? largeArchives.get(symbol + "/" + interval + "/" + month) : null;
        if (large != null) {
            serveLarge(exchange, large, symbol, interval, month, checksum);
            return;
        }
        boolean invalid = day == null && faults.invalid().contains(symbol);
        ServedArchives.Served archive = served.get(
                String.join(
                        "/", source, symbol, interval, month.toString(), String.valueOf(day), String.valueOf(invalid)),
                () -> day != null
                        ? ArchiveGenerator.dailyArchive(source, symbol, interval, month.atDay(day))
                        : invalid
                                ? ArchiveGenerator.invalidArchive(source, symbol, interval, month)
                                : ArchiveGenerator.archive(source, symbol, interval, month));
        if (checksum) {
            String sha = faults.corrupt().contains(symbol)
                    ? ArchiveGenerator.sha256(("corrupt" + symbol).getBytes(StandardCharsets.UTF_8))
                    : archive.sha256();
            String body = sha + "  " + ArchiveGenerator.fileName(symbol, interval, month)
                    + (day == null ? "" : "-%02d".formatted(day)) + ".zip\n";
            respond(exchange, 200, "text/plain", body.getBytes(StandardCharsets.US_ASCII));
        } else {
            respond(exchange, 200, "application/zip", archive.bytes());
        }
    }

    private void serveLarge(
            HttpExchange exchange,
            PreparedArchive archive,
            String symbol,
            String interval,
            YearMonth month,
            boolean checksum)
            throws IOException {
        if (checksum) {
            String body =
                    archive.summary().sha256() + "  " + ArchiveGenerator.fileName(symbol, interval, month) + ".zip\n";
            respond(exchange, 200, "text/plain", body.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/zip");
        exchange.sendResponseHeaders(200, archive.summary().length());
        try (var in = Files.newInputStream(archive.file());
                var body = exchange.getResponseBody()) {
            byte[] buffer = new byte[256 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body.write(buffer, 0, n);
            }
        }
    }

    private void pause() {
        long jitter = config.rules().jitter().toNanos();
        long nanos = config.latency().toNanos();
        if (jitter > 0) {
            synchronized (errors) {
                nanos += errors.nextLong(jitter + 1);
            }
        }
        if (nanos > 0) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(nanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Like an exchange's archive: a month is published once it is over, a day once it is over; anything later
     * is 404.
     */
    private static boolean published(YearMonth month, Integer day) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (day == null) {
            return month.isBefore(YearMonth.from(today));
        }
        return day <= month.lengthOfMonth() && month.atDay(day).isBefore(today);
    }

    /** Holds the request open until the client gives up or the simulator stops. */
    private static void hang() {
        try {
            Thread.sleep(java.time.Duration.ofMinutes(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean failsFirst(String symbol) {
        Integer failures = config.symbols().failFirst().get(symbol);
        return failures != null
                && failedFirst
                                .computeIfAbsent(symbol, s -> new java.util.concurrent.atomic.AtomicInteger())
                                .incrementAndGet()
                        <= failures;
    }

    private boolean injectError() {
        if (config.errorRate() == 0) {
            return false;
        }
        synchronized (errors) {
            return errors.nextDouble() < config.errorRate();
        }
    }

    private String statsJson() {
        return stats().stream().map(SourceStats::toJson).collect(Collectors.joining(",", "{\"sources\":[", "]}"));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
