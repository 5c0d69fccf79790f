package io.trawl.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the processes a run involves, read from {@code /proc/<pid>/stat} (user + system, children not
 * included): a snapshot before and one after a job give each process's CPU milliseconds per task.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux everywhere). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;
    private final Map<String, Long> jvms;

    /** Measures the named processes; RabbitMQ and Redis are found by their command lines. */
    CpuMeter(Map<String, Long> named) {
        this.jvms = new LinkedHashMap<>(named);
        this.pids = new LinkedHashMap<>(named);
        find("beam.smp").ifPresent(pid -> pids.put("RabbitMQ", pid));
        find("redis-server").ifPresent(pid -> pids.put("Redis", pid));
    }

    /** Each process's CPU time so far, in milliseconds (-1 where /proc cannot tell). */
    Map<String, Double> snapshot() {
        Map<String, Double> millis = new LinkedHashMap<>();
        pids.forEach((name, pid) -> millis.put(name, cpuMillis(pid)));
        return millis;
    }

    /**
     * CPU time so far of each named process's JIT compiler threads (HotSpot's {@code C1 CompilerThread<n>} and
     * {@code C2 CompilerThread<n>}, whose Linux names are cut to 15 characters), in milliseconds: the part of a
     * JVM's CPU that goes on compiling, which a JVM still warming up spends and a warm one hardly does.
     */
    Map<String, Double> jitSnapshot() {
        Map<String, Double> millis = new LinkedHashMap<>();
        jvms.forEach((name, pid) -> millis.put(name, compilerMillis(pid)));
        return millis;
    }

    /** CPU milliseconds per task of each process between two snapshots, with their sum as {@code total}. */
    static Map<String, Double> perTask(Map<String, Double> before, Map<String, Double> after, long tasks) {
        Map<String, Double> perTask = new LinkedHashMap<>();
        double total = 0;
        for (var entry : after.entrySet()) {
            double used = (entry.getValue() - before.get(entry.getKey())) / tasks;
            perTask.put(entry.getKey(), used);
            total += used;
        }
        perTask.put("total", total);
        return perTask;
    }

    /** The first process whose {@code /proc/<pid>/cmdline} holds {@code command} (Redis rewrites its own). */
    private static Optional<Long> find(String command) {
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> cmdline(pid).contains(command))
                .findFirst();
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static double cpuMillis(long pid) {
        try {
            return millis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double compilerMillis(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            double millis = 0;
            for (Path thread : threads.toList()) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        millis += millis(stat);
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read: its time is gone with it
                }
            }
            return millis;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User + system time of a {@code /proc} {@code stat} line, in milliseconds. */
    private static double millis(String stat) {
        // fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
