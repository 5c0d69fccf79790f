package io.trawl.infra.storage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Object storage ({@code trawl.storage}).
 *
 * @param endpoint S3/MinIO endpoint, e.g. {@code http://minio:9000}; empty starts an embedded S3 server
 * @param accessKey access key
 * @param secretKey secret key
 * @param bucket bucket holding every result; created if missing
 * @param region signing region
 * @param embedded the embedded server used when {@code endpoint} is empty
 * @param maxConcurrentRequests requests to the object store one service runs at once (the MinIO client's
 *     HTTP dispatcher would otherwise allow 5 per host, which caps a worker's PUTs however many tasks it runs)
 * @param partUploads parts of one large object sent at once (the SDK sends one at a time: a 2 GiB archive took
 *     34 s to the embedded server one part at a time, 15 s four at a time); each holds a part in memory, and
 *     uploads at the same time share them (one part each at least)
 */
@Validated
@ConfigurationProperties("trawl.storage")
public record StorageProperties(
        String endpoint,
        @DefaultValue("trawl-local") @NotBlank String accessKey,
        @DefaultValue("trawl-local-secret") @NotBlank String secretKey,
        @DefaultValue("trawl") @NotBlank String bucket,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue Embedded embedded,
        @DefaultValue("64") @Min(1) @Max(4096) int maxConcurrentRequests,
        @DefaultValue("4") @Min(1) @Max(32) int partUploads) {

    /** Whether an embedded server must be started. */
    public boolean useEmbedded() {
        return endpoint == null || endpoint.isBlank();
    }

    /**
     * The embedded S3 server.
     *
     * @param host address it listens on
     * @param port port, 0 for any free one
     * @param directory where it keeps objects; empty keeps them in memory
     */
    public record Embedded(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("9000") int port,
            Path directory) {}
}
