package io.trawl.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of the processes a run involves, read from {@code /proc/<pid>/stat} (user + system, children not
 * included): a snapshot before and one after a job give each process's CPU milliseconds per task.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux everywhere). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;

    /** Measures the named processes; RabbitMQ and Redis are found by their command lines. */
    CpuMeter(Map<String, Long> named) {
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
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
