package io.trawl.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The meters the services register, as Prometheus names, found in their sources. */
final class Meters {

    private static final Pattern METER = Pattern.compile("\"(trawl(?:\\.[a-z]+)+)\"");
    private static final Pattern SERIES = Pattern.compile("\\b(trawl_[a-z_]+)");
    private static final List<String> SUFFIXES =
            List.of("_seconds_count", "_seconds_sum", "_seconds_max", "_total", "_count", "_sum", "_max");

    private Meters() {}

    /** The {@code trawl_*} series named in {@code text} that no service registers. */
    static List<String> missingFrom(String text) {
        Set<String> known = known();
        List<String> missing = new ArrayList<>();
        Matcher series = SERIES.matcher(text);
        while (series.find()) {
            String name = series.group(1);
            if (!known.contains(base(name)) && !known.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static String base(String series) {
        return SUFFIXES.stream()
                .filter(series::endsWith)
                .findFirst()
                .map(suffix -> series.substring(0, series.length() - suffix.length()))
                .orElse(series);
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>();
        for (String module : List.of("orchestrator-service", "worker-service")) {
            try (Stream<Path> files =
                    Files.walk(Repository.root().resolve(module).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER.matcher(Files.readString(file));
                    while (meter.find()) {
                        names.add(meter.group(1).replace('.', '_'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
