package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.sources.UrlTemplate;
import io.trawl.worker.WorkerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * The connector of {@link SourceType#HTTP_ARCHIVE} sources: fetches one monthly (or daily) archive over HTTP,
 * reads the {@code .CHECKSUM} sidecar, streams the archive to a spool file while hashing it (memory does not grow
 * with file size) and rejects it unless the sha256 matches. Its rows are checked afterwards by
 * {@link ArchiveValidator}. Works unchanged against the public archive layout and the simulator.
 */
@Component
public class HttpArchiveConnector implements Connector {

    private static final int BUFFER = 64 * 1024;

    private final HttpClient http;
    private final WorkerProperties properties;
    private final RequestGate gate;

    public HttpArchiveConnector(WorkerProperties properties, RequestGate gate) {
        this.properties = properties;
        this.gate = gate;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        HttpClientWarmUp.run(http);
    }

    @Override
    public SourceType kind() {
        return SourceType.HTTP_ARCHIVE;
    }

    /**
     * Downloads the task's archive and checks its sha256; throws {@link SourceFailure} when it cannot. The checksum
     * sidecar is read only when the task does not carry the checksum yet; the context's resume state hears it
     * then, so a retry can skip it.
     */
    @Override
    public Fetched fetch(CollectTask task, SourceDefinition source, FetchContext context) {
        ProgressListener progress = context.progress();
        URI archiveUrl = task.date()
                .filter(day -> source.hasDailyArchives())
                .map(day -> UrlTemplate.expand(source.dailyUrlTemplate(), task.symbol(), task.interval(), day))
                .orElseGet(() ->
                        UrlTemplate.expand(source.urlTemplate(), task.symbol(), task.interval(), task.partition()));
        String expected = task.checksum();
        if (expected == null) {
            URI checksumUrl = UrlTemplate.sidecar(archiveUrl, source.checksumSuffix());
            expected = ChecksumSidecar.parse(checksumUrl.toString(), getText(task.source(), checksumUrl, progress));
            context.resumeState().accept(expected);
        }
        Path spool = spoolFile(task);
        try {
            Download download = download(task.source(), archiveUrl, spool, progress);
            if (!download.sha256().equals(expected)) {
                throw SourceFailure.checksumMismatch(archiveUrl.toString(), expected, download.sha256());
            }
            return new Fetched(
                    spool, archiveUrl.toString(), download.bytes(), download.sha256(), ArchiveValidator.ZIP, "zip");
        } catch (RuntimeException e) {
            deleteQuietly(spool);
            throw e;
        }
    }

    private record Download(long bytes, String sha256) {}

    private String getText(String source, URI url, ProgressListener progress) {
        HttpResponse<String> response = send(source, url, HttpResponse.BodyHandlers.ofString(), progress);
        return response.body();
    }

    private Download download(String source, URI url, Path spool, ProgressListener progress) {
        HttpResponse<InputStream> response = send(source, url, HttpResponse.BodyHandlers.ofInputStream(), progress);
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest digest = sha256();
        long bytes = 0;
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes += n;
                progress.onProgress(bytes, total);
            }
        } catch (IOException e) {
            throw SourceFailure.io(url.toString(), e);
        }
        if (total >= 0 && bytes != total) {
            throw SourceFailure.io(url.toString(), new IOException("received " + bytes + " of " + total + " bytes"));
        }
        return new Download(bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /** Sends one request once the source's cluster-wide limits allow it. */
    private <T> HttpResponse<T> send(
            String source, URI url, HttpResponse.BodyHandler<T> handler, ProgressListener progress) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(properties.requestTimeout())
                .GET()
                .build();
        HttpResponse<T> response;
        try {
            long asked = System.nanoTime();
            try (RequestGate.Permit permit = gate.acquire(source)) {
                progress.waited(System.nanoTime() - asked);
                try {
                    response = http.send(request, handler);
                } catch (IOException e) {
                    permit.failed();
                    throw e;
                }
                if (response.statusCode() >= 500) {
                    permit.failed();
                }
            }
        } catch (IOException e) {
            throw SourceFailure.io(url.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SourceFailure.io(url.toString(), e);
        }
        gate.reported(source, SourceAnswers.usage(response.headers()));
        if (response.statusCode() != 200) {
            String body = bodyStart(response.body());
            var pushBack = SourceAnswers.pushBack(response.statusCode(), response.headers(), body);
            pushBack.ifPresent(p -> gate.pushedBack(source, p));
            if (pushBack.isPresent() && pushBack.get().kind() == PushBack.Kind.BANNED) {
                throw SourceFailure.banned(url.toString(), pushBack.get());
            }
            throw SourceFailure.httpStatus(url.toString(), response.statusCode());
        }
        return response;
    }

    /** The first kilobyte of an error answer's body (it may say why, e.g. a ban), the rest discarded. */
    private static String bodyStart(Object body) {
        if (body instanceof String text) {
            return text.length() > 1024 ? text.substring(0, 1024) : text;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(1024), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return "";
    }

    private Path spoolFile(CollectTask task) {
        try {
            Files.createDirectories(properties.workDir());
            return Files.createTempFile(properties.workDir(), task.symbol() + "-" + task.partition() + "-", ".part");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a spool file in " + properties.workDir(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover spool file in the temp dir is harmless
        }
    }
}
