package io.trawl.e2e.bench;

import io.trawl.e2e.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one statistic of one meter from a service's {@code /actuator/metrics/<name>} endpoint. */
final class ServiceMetrics {

    private static final Pattern MEASUREMENT =
            Pattern.compile("\\{\"statistic\":\"([A-Z_]+)\",\"value\":([-0-9.eE+]+|\"?NaN\"?)}");

    private ServiceMetrics() {}

    /**
     * The {@code statistic} (VALUE, COUNT, TOTAL_TIME, ...) of meter {@code meter} (a name, optionally with
     * {@code ?tag=key:value}); throws when the service does not report it.
     */
    static double value(HttpClient http, ServiceProcess service, String meter, String statistic)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.baseUrl().resolve("/actuator/metrics/" + meter))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("meter " + meter + " answered " + response.statusCode());
        }
        Matcher m = MEASUREMENT.matcher(response.body().replace(" ", ""));
        while (m.find()) {
            if (m.group(1).equals(statistic)) {
                return Double.parseDouble(m.group(2).replace("\"", ""));
            }
        }
        throw new IOException("meter " + meter + " has no " + statistic + ": " + response.body());
    }
}
