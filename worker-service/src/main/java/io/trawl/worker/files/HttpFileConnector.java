package io.trawl.worker.files;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.sources.UrlTemplate;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.ChecksumSidecar;
import io.trawl.worker.source.Connector;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.SourceHttp;
import io.trawl.worker.source.SourceMemory;
import io.trawl.worker.source.Spool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The connector of {@link SourceType#HTTP_FILE} sources: takes a snapshot of a file over HTTP, streamed to a
 * spool file (memory flat whatever its size) while hashing it. A conditional GET sends back the validators the
 * file last came with (304: unchanged, nothing stored); the body must be as long as {@code Content-Length} says
 * and match the checksum the source publishes, in a {@code Content-MD5} or {@code x-amz-checksum-sha256} header, a
 * sidecar ({@code checksum-suffix}) or a manifest listing many files ({@code checksum-manifest}); a file whose sha256 is the one last stored is not stored again.
 */
@Component
public class HttpFileConnector implements Connector {

    static final String CONTENT_TYPE = "application/octet-stream";
    private static final int BUFFER = 64 * 1024;

    private final SourceHttp http;
    private final WorkerProperties properties;
    private final SourceMemory memory;

    public HttpFileConnector(SourceHttp http, WorkerProperties properties, SourceMemory memory) {
        this.http = http;
        this.properties = properties;
        this.memory = memory;
    }

    @Override
    public SourceType kind() {
        return SourceType.HTTP_FILE;
    }

    @Override
    public Fetched fetch(CollectTask task, SourceDefinition source, FetchContext context) {
        if (!(task.partition() instanceof Partition.Snapshot)) {
            throw SourceFailure.invalidTask("source " + task.source() + " is collected in snapshots, not a "
                    + task.partition().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        URI url = UrlTemplate.expand(source.urlTemplate(), task.symbol());
        Map<String, String> remembered = memory.fields(task.source(), task.symbol());
        String sidecar = source.checksumSuffix().isEmpty()
                ? null
                : ChecksumSidecar.parse(
                        url + source.checksumSuffix(),
                        http.send(
                                        task.source(),
                                        http.get(UrlTemplate.sidecar(url, source.checksumSuffix())),
                                        HttpResponse.BodyHandlers.ofString(),
                                        context.progress(),
                                        SourceHttp.Refusals.BY_STATUS)
                                .body());
        if (source.checksumManifest() != null) {
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            sidecar = ChecksumManifest.sha256Of(
                    source.checksumManifest(),
                    http.send(
                                    task.source(),
                                    http.get(URI.create(source.checksumManifest())),
                                    HttpResponse.BodyHandlers.ofString(),
                                    context.progress(),
                                    SourceHttp.Refusals.BY_STATUS)
                            .body(),
                    name);
        }
        HttpResponse<InputStream> answer = http.send(
                task.source(),
                http.get(url, memory.conditionalHeaders(remembered).toArray(String[]::new)),
                HttpResponse.BodyHandlers.ofInputStream(),
                context.progress(),
                (u, status, body) -> status == 304
                        ? SourceFailure.noData(u, "304 Not Modified: unchanged")
                        : SourceFailure.httpStatus(u, status));
        Path spool = Spool.create(properties.workDir(), task);
        try {
            Digests digests = download(url.toString(), answer, spool, context);
            verify(url.toString(), answer, digests, sidecar);
            Map<String, String> fields = new HashMap<>();
            fields.put("etag", answer.headers().firstValue("ETag").orElse(null));
            fields.put(
                    "last-modified",
                    answer.headers().firstValue("Last-Modified").orElse(null));
            fields.put("sha256", digests.sha256());
            SourceMemory.Memory now = new SourceMemory.Memory(task.source(), task.symbol(), fields, List.of());
            if (digests.sha256().equals(remembered.get("sha256"))) {
                memory.remember(now);
                throw SourceFailure.noData(url.toString(), "200 with the content last stored (sha256 unchanged)");
            }
            memory.hold(spool, now);
            return new Fetched(
                    spool, url.toString(), digests.bytes(), digests.sha256(), CONTENT_TYPE, source.extension());
        } catch (RuntimeException e) {
            Spool.delete(spool);
            throw e;
        }
    }

    @Override
    public void stored(CollectTask task, SourceDefinition source, Fetched fetched) {
        memory.release(fetched.file());
    }

    private record Digests(long bytes, String sha256, byte[] sha256Bytes, byte[] md5) {}

    private static Digests download(String url, HttpResponse<InputStream> answer, Path spool, FetchContext context) {
        long total = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest sha256 = Spool.digest("SHA-256");
        MessageDigest md5 = Spool.digest("MD5");
        long bytes = 0;
        try (InputStream in = answer.body();
                OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes += n;
                context.progress().onProgress(bytes, total);
            }
        } catch (IOException e) {
            throw SourceFailure.io(url, e);
        }
        if (total >= 0 && bytes != total) {
            throw SourceFailure.io(url, new IOException("received " + bytes + " of " + total + " bytes"));
        }
        byte[] sha = sha256.digest();
        return new Digests(bytes, HexFormat.of().formatHex(sha), sha, md5.digest());
    }

    /** Checks every checksum the source published; a mismatch is permanent. */
    private static void verify(String url, HttpResponse<InputStream> answer, Digests digests, String sidecar) {
        if (sidecar != null && !sidecar.equals(digests.sha256())) {
            throw SourceFailure.checksumMismatch(url, sidecar, digests.sha256());
        }
        Optional<String> md5 = answer.headers().firstValue("Content-MD5");
        if (md5.isPresent() && !md5.get().strip().equals(Base64.getEncoder().encodeToString(digests.md5()))) {
            throw SourceFailure.checksumMismatch(
                    url, "Content-MD5 " + md5.get(), Base64.getEncoder().encodeToString(digests.md5()));
        }
        Optional<String> sha = answer.headers().firstValue("x-amz-checksum-sha256");
        if (sha.isPresent() && !sha.get().strip().equals(Base64.getEncoder().encodeToString(digests.sha256Bytes()))) {
            throw SourceFailure.checksumMismatch(
                    url,
                    "x-amz-checksum-sha256 " + sha.get(),
                    Base64.getEncoder().encodeToString(digests.sha256Bytes()));
        }
    }
}
