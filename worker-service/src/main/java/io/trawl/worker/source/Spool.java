package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Where every connector spools what it fetches, and the digests it computes while doing so. */
public final class Spool {

    private Spool() {}

    /** A new spool file for {@code task} in {@code workDir}, named after its symbol and partition. */
    public static Path create(Path workDir, CollectTask task) {
        try {
            Files.createDirectories(workDir);
            return Files.createTempFile(
                    workDir, task.symbol() + "-" + task.partition().token() + "-", ".part");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a spool file in " + workDir, e);
        }
    }

    /** A fresh digest of {@code algorithm} ({@code SHA-256}, {@code MD5}): both are in every JDK. */
    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a spool file; one left behind in the work dir is harmless. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover spool file in the work dir is harmless
        }
    }
}
