package io.trawl.e2e.bench;

import io.trawl.e2e.ServiceProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a service's used heap every 250 ms (from its actuator's {@code jvm.memory.used} meter: one meter, not a
 * whole Prometheus scrape, so the sampling costs the measured process little) and reads its peak RSS from /proc.
 */
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
        while (running) {
            try {
                long used = (long) ServiceMetrics.value(HTTP, service, "jvm.memory.used?tag=area:heap", "VALUE");
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
