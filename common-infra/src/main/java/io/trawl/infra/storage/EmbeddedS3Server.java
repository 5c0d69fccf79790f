package io.trawl.infra.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (s3proxy) running in this JVM, with real AWS signature checks. Used by the local
 * run and the tests when no S3 endpoint is configured; production points at MinIO instead.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);

    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3Server(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * Starts a server.
     *
     * @param host address to listen on, e.g. {@code 127.0.0.1}
     * @param port port, 0 for any free one
     * @param directory where objects are kept, or {@code null} to keep them in memory
     * @param accessKey access key clients must sign with
     * @param secretKey secret key clients must sign with
     */
    public static EmbeddedS3Server start(String host, int port, Path directory, String accessKey, String secretKey) {
        Objects.requireNonNull(host, "host");
        BlobStore store = directory == null ? new TransientNio2BlobStore() : filesystem(directory);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .jettyMaxThreads(64)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 server could not start on " + host + ":" + port, e);
        }
        URI endpoint = URI.create("http://" + host + ":" + proxy.getPort());
        log.info(
                "Embedded S3 server listening on {} (objects in {})",
                endpoint,
                directory == null ? "memory" : directory);
        return new EmbeddedS3Server(proxy, endpoint);
    }

    private static BlobStore filesystem(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 data directory " + directory, e);
        }
        return new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
    }

    /** Where clients reach the server, e.g. {@code http://127.0.0.1:9000}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("Embedded S3 server did not stop cleanly", e);
        }
    }
}
