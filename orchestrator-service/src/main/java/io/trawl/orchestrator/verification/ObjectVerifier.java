package io.trawl.orchestrator.verification;

import io.trawl.infra.storage.ObjectStore;
import io.trawl.infra.storage.StoredObject;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.StoredResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Checks that every object a job stored is there and intact: the content is streamed and hashed, and must
 * equal both the sha256 in the object's metadata and the one the worker reported.
 */
@Component
public class ObjectVerifier {

    private static final int PARALLEL = 16;

    private final JobStore jobs;
    private final ObjectStore store;

    public ObjectVerifier(JobStore jobs, ObjectStore store) {
        this.jobs = jobs;
        this.store = store;
    }

    public VerificationReport verify(String jobId) {
        List<StoredResult> results = jobs.storedResults(jobId);
        List<String> missing = Collections.synchronizedList(new ArrayList<>());
        List<String> corrupt = Collections.synchronizedList(new ArrayList<>());
        Semaphore permits = new Semaphore(PARALLEL);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StoredResult result : results) {
                executor.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        check(result).ifPresent(problem -> (problem.missing() ? missing : corrupt).add(problem.text()));
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        int verified = results.size() - missing.size() - corrupt.size();
        return new VerificationReport(jobId, store.location(), results.size(), verified, missing, corrupt);
    }

    private record Problem(boolean missing, String text) {}

    private Optional<Problem> check(StoredResult result) {
        Optional<StoredObject> stat = store.stat(result.objectKey());
        if (stat.isEmpty()) {
            return Optional.of(new Problem(true, result.objectKey()));
        }
        String recorded = stat.get().metadata().get("sha256");
        if (!result.sha256().equals(recorded)) {
            return Optional.of(new Problem(
                    false,
                    result.objectKey() + ": metadata sha256 " + recorded + " differs from the reported "
                            + result.sha256()));
        }
        String actual = sha256(result.objectKey());
        if (!actual.equals(recorded)) {
            return Optional.of(new Problem(
                    false, result.objectKey() + ": content hashes to " + actual + ", metadata says " + recorded));
        }
        return Optional.empty();
    }

    private String sha256(String key) {
        try (InputStream in = new DigestInputStream(store.open(key), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
