package io.trawl.orchestrator;

import java.lang.management.ManagementFactory;

/** This orchestrator replica's name in claims and leases: the host (pod) name and the process id. */
public final class Replica {

    private static final String NAME = System.getenv().getOrDefault("HOSTNAME", "orchestrator") + "-"
            + ManagementFactory.getRuntimeMXBean().getPid();

    private Replica() {}

    public static String name() {
        return NAME;
    }
}
