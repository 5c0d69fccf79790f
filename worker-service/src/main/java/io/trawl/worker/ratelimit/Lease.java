package io.trawl.worker.ratelimit;

import java.util.List;

/**
 * Concurrency permits held in some scopes; closing releases them.
 *
 * @param id lease id
 * @param scopeKeys the Redis keys of the scopes it holds a permit in (empty: nothing was limited)
 * @param owner the leases that renew and release it
 */
public record Lease(String id, List<String> scopeKeys, ConcurrencyLeases owner) implements AutoCloseable {

    @Override
    public void close() {
        owner.release(this);
    }
}
