package io.trawl.sources;

/**
 * How long a request occupies its place in a source's windows, i.e. what Trawl assumes about when it
 * arrives at the source.
 */
public enum Counting {
    /**
     * From the moment it is sent until its one-way delay bound has passed (or its answer came, if sooner):
     * the source counts a request when it arrives, and it arrives within the bound. Uses the whole limit at
     * any answer latency; assumes the one-way delay to the source stays under the bound.
     */
    ARRIVAL,

    /**
     * From the moment it is sent until its answer (the default): safe whatever the network and the server's
     * own queues, but a source that answers slowly gets less than its limit (limit / (1 + latency)).
     */
    ANSWER
}
