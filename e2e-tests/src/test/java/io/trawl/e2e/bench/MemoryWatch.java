package io.trawl.e2e.bench;

import io.trawl.e2e.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a service's used heap every 250 ms (from its Prometheus endpoint) and reads its peak RSS from /proc. */
final class MemoryWatch implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServiceProcess service;
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    MemoryWatch(ServiceProcess service) {
        this.service = service;
        this.sampler = Thread.ofVirtual().name("heap-sampler").start(this::sample);
    }

    private void sample() {
        HttpRequest request = HttpRequest.newBuilder(service.baseUrl().resolve("/actuator/prometheus"))
                .build();
        while (running) {
            try {
                String body =
                        HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
                long used = (long) body.lines()
                        .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum();
                peakHeap.accumulateAndGet(used, Math::max);
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a sample missed while the service is busy; the next one counts
            }
        }
    }

    /** The most heap in use seen by a sample, in MiB. */
    double peakHeapMib() {
        return peakHeap.get() / 1024.0 / 1024.0;
    }

    /** The process's peak resident set size (VmHWM), in MiB; -1 where /proc is not available. */
    double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
