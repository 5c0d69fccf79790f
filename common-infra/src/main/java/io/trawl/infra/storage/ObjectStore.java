package io.trawl.infra.storage;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The results bucket, through the MinIO SDK: works against MinIO, S3 and the embedded server alike. */
public class ObjectStore {

    private static final String META_PREFIX = "x-amz-meta-";

    private final MinioClient client;
    private final String bucket;
    private final String endpoint;
    private final PartBudget parts;

    public ObjectStore(MinioClient client, String bucket, String endpoint, int partUploads) {
        this.client = client;
        this.bucket = bucket;
        this.endpoint = endpoint;
        this.parts = new PartBudget(partUploads);
    }

    /** Whether the bucket answers; throws {@link StorageException} when the store cannot be reached. */
    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot reach " + location(), e);
        }
    }

    /** Creates the bucket unless it exists (another process creating it first is fine). */
    public void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw new StorageException("cannot create bucket " + bucket + " at " + endpoint, e);
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot create bucket " + bucket + " at " + endpoint, e);
        }
    }

    /**
     * Uploads a file under {@code key}, replacing any object there, with the given user metadata. A file sent in
     * several parts has SHA-256 as its parts' checksum, which the request's signature computes anyway: the SDK's
     * default CRC32C is a second pass over the data in plain Java, 15 % of a worker's CPU when it streamed a 2 GiB
     * archive (JFR). A file sent in one part keeps the default (SHA-256 is no whole-object checksum in S3). Its
     * parts go up to {@code partUploads} at a time, as many as the process has spare ({@link PartBudget}). Answers
     * the entity tag the store gave the object (without quotes), which a later listing shows beside its key.
     */
    public String put(String key, Path file, String contentType, Map<String, String> metadata) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            PutObjectArgs args = putArgs(key, in, size, contentType, metadata, null, 1);
            if (args.partCount() == 1) {
                return unquoted(client.putObject(args).etag());
            }
            int parallel = parts.take();
            try {
                return unquoted(client.putObject(
                                putArgs(key, in, size, contentType, metadata, Checksum.Algorithm.SHA256, parallel))
                        .etag());
            } finally {
                parts.giveBack(parallel);
            }
        } catch (IOException | MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + " in " + bucket + " at " + endpoint, e);
        }
    }

    private PutObjectArgs putArgs(
            String key,
            InputStream in,
            long size,
            String contentType,
            Map<String, String> metadata,
            Checksum.Algorithm checksum,
            int parallel) {
        return PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, null)
                .checksum(checksum)
                .parallelUploads(parallel)
                .contentType(contentType)
                .userMetadata(metadata)
                .build();
    }

    /** Stores an empty marker object under {@code key} with the given user metadata. */
    public void putEmpty(String key, Map<String, String> metadata) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                            new java.io.ByteArrayInputStream(new byte[0]), 0L, null)
                    .contentType("application/octet-stream")
                    .userMetadata(metadata)
                    .build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot store " + key + " in " + bucket + " at " + endpoint, e);
        }
    }

    /** Removes the object under {@code key}; nothing happens when there is none. */
    public void delete(String key) {
        try {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot delete " + key + " in " + bucket + " at " + endpoint, e);
        }
    }

    /** The object's size and metadata, or empty if there is none. */
    public Optional<StoredObject> stat(String key) {
        try {
            StatObjectResponse stat = client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(key).build());
            Map<String, String> metadata = new HashMap<>();
            stat.userMetadata().forEach(e -> {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                metadata.put(name.startsWith(META_PREFIX) ? name.substring(META_PREFIX.length()) : name, e.getValue());
            });
            return Optional.of(new StoredObject(key, stat.size(), metadata));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("cannot read metadata of " + key + " in " + bucket, e);
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot read metadata of " + key + " in " + bucket, e);
        }
    }

    /** Keys of every object under {@code prefix}, in key order. */
    public List<String> list(String prefix) {
        return listed(prefix).stream().map(Listed::key).toList();
    }

    /** Every object under {@code prefix} with when it was last written, in key order. */
    public List<Listed> listed(String prefix) {
        return listing(
                prefix,
                "",
                null,
                item -> new Listed(
                        item.objectName(),
                        item.lastModified() == null
                                ? java.time.Instant.EPOCH
                                : item.lastModified().toInstant()));
    }

    /**
     * The objects under {@code prefix} whose keys sort after {@code after} (all: "") and not after {@code last}
     * (null: no end), each as {@code read} sees it, in key order; stops reading at the first key past {@code last}.
     */
    private <T> List<T> listing(String prefix, String after, String last, Function<Item, T> read) {
        List<T> objects = new ArrayList<>();
        ListObjectsArgs.Builder args =
                ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true);
        if (!after.isEmpty()) {
            args.startAfter(after);
        }
        try {
            for (Result<Item> result : client.listObjects(args.build())) {
                Item item = result.get();
                if (last != null && item.objectName().compareTo(last) > 0) {
                    break;
                }
                objects.add(read.apply(item));
            }
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot list " + prefix + " in " + bucket + " at " + endpoint, e);
        }
        return objects;
    }

    /**
     * An object in a listing.
     *
     * @param key its key
     * @param lastModified when it was last written
     */
    public record Listed(String key, java.time.Instant lastModified) {}

    /**
     * The objects under {@code prefix} whose keys sort after {@code after} and not after {@code last}, with their
     * sizes and entity tags: one listing request for a run of adjacent keys, where a HEAD of each would be one
     * request per key. Stops reading the listing at the first key past {@code last}.
     */
    public List<Sized> sized(String prefix, String after, String last) {
        return listing(prefix, after, last, item -> new Sized(item.objectName(), item.size(), unquoted(item.etag())));
    }

    /**
     * An object in a listing with what the listing says of its content.
     *
     * @param key its key
     * @param size its size in bytes
     * @param etag its entity tag, without quotes
     */
    public record Sized(String key, long size, String etag) {}

    private static String unquoted(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    /** Streams the object's content; the caller closes the stream. */
    public InputStream open(String key) {
        try {
            return client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | RuntimeException e) {
            throw new StorageException("cannot read " + key + " in " + bucket, e);
        }
    }

    /** Where results live, e.g. {@code s3://trawl at http://127.0.0.1:9000}. */
    public String location() {
        return "s3://" + bucket + " at " + endpoint;
    }
}
