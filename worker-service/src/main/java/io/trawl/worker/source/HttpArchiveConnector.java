package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import io.trawl.messages.CollectTaskV1;
import io.trawl.messages.Partition;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.sources.UrlTemplate;
import io.trawl.worker.WorkerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The connector of {@link SourceType#HTTP_ARCHIVE} sources: fetches one monthly (or daily) archive over HTTP,
 * reads the {@code .CHECKSUM} sidecar, streams the archive to a spool file while hashing it (memory does not grow
 * with file size) and rejects it unless the sha256 matches. Its rows are checked as they arrive, on another thread;
 * {@link ArchiveValidator} confirms that check against the archive's directory (or reads the file when it cannot). Works unchanged against the public archive layout and the simulator.
 */
@Component
public class HttpArchiveConnector implements Connector {

    private static final int BUFFER = 64 * 1024;

    /**
     * Archives from this size (or of unknown size) have their rows checked as they arrive; a smaller one is read
     * again from its file, which is then still in the page cache, and costs no thread or chunk buffers (a worker may
     * download a thousand small archives at once).
     */
    static final long CHECK_AS_IT_ARRIVES_FROM = 8L * 1024 * 1024;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final SourceHttp http;
    private final WorkerProperties properties;

    public HttpArchiveConnector(WorkerProperties properties, SourceHttp http) {
        this.properties = properties;
        this.http = http;
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
        URI archiveUrl = archiveUrl(task, source);
        String expected = task.resume().get(CollectTaskV1.CHECKSUM);
        if (expected == null) {
            URI checksumUrl = UrlTemplate.sidecar(archiveUrl, source.checksumSuffix());
            expected = ChecksumSidecar.parse(checksumUrl.toString(), getText(task.source(), checksumUrl, progress));
            context.resume().accept(CollectTaskV1.CHECKSUM, expected);
            context.resume().accept(CollectTaskV1.CHECKSUM_ATTEMPT, String.valueOf(task.attempt()));
        } else if (!SHA256.matcher(expected).matches()) {
            throw SourceFailure.invalidTask("resume state holds a checksum that is not a hex sha256");
        }
        Path spool = Spool.create(properties.workDir(), task);
        try {
            Download download = download(task, archiveUrl, spool, progress);
            if (!download.sha256().equals(expected)) {
                throw SourceFailure.checksumMismatch(archiveUrl.toString(), expected, download.sha256());
            }
            return new Fetched(
                            spool,
                            archiveUrl.toString(),
                            download.bytes(),
                            download.sha256(),
                            ArchiveValidator.ZIP,
                            "zip")
                    .prechecked(download.rows());
        } catch (RuntimeException e) {
            Spool.delete(spool);
            throw e;
        }
    }

    /**
     * Counts the tries of the archive request alone once the sidecar was read: a retry does not read it again, so
     * {@code max-attempts} bounds each of the two requests, not their sum.
     */
    @Override
    public int requestAttempt(CollectTask task) {
        String readAt = task.resume().get(CollectTaskV1.CHECKSUM_ATTEMPT);
        if (readAt == null) {
            return task.attempt();
        }
        try {
            return task.attempt() - Math.clamp(Integer.parseInt(readAt), 1, task.attempt()) + 1;
        } catch (NumberFormatException e) {
            return task.attempt();
        }
    }

    /** A month's archive, or one day's when the source publishes daily archives; nothing else is an archive. */
    private static URI archiveUrl(CollectTask task, SourceDefinition source) {
        return switch (task.partition()) {
            case Partition.Month month ->
                UrlTemplate.expand(source.urlTemplate(), task.symbol(), task.interval(), month.month());
            case Partition.Day day
            when source.hasDailyArchives() ->
                UrlTemplate.expand(source.dailyUrlTemplate(), task.symbol(), task.interval(), day.day());
            default ->
                throw SourceFailure.invalidTask("source " + task.source() + " publishes "
                        + (source.hasDailyArchives() ? "monthly and daily" : "monthly")
                        + " archives, not a partition of kind "
                        + task.partition().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        };
    }

    /** The archive downloaded: its size, sha256 and what the row check found as it arrived (null: nothing). */
    private record Download(long bytes, String sha256, ArchiveInspector.Streamed rows) {}

    private String getText(String source, URI url, ProgressListener progress) {
        HttpResponse<String> response = send(source, url, HttpResponse.BodyHandlers.ofString(), progress);
        return response.body();
    }

    /**
     * Streams the archive to the spool file, hashing it, while its rows are checked as they arrive: the file is
     * read once, and the row check is done (or nearly) when the download is.
     */
    private Download download(CollectTask task, URI url, Path spool, ProgressListener progress) {
        HttpResponse<InputStream> response =
                send(task.source(), url, HttpResponse.BodyHandlers.ofInputStream(), progress);
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest digest = Spool.digest("SHA-256");
        long bytes = 0;
        ArchiveInspector.Streamed rows;
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(spool);
                StreamCheck<ArchiveInspector.Streamed> check = total < 0 || total >= CHECK_AS_IT_ARRIVES_FROM
                        ? new StreamCheck<>(
                                "rows-" + task.taskId(),
                                content -> ArchiveInspector.stream(content, url.toString(), task))
                        : null) {
            byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (check != null) {
                    check.write(buffer, 0, n);
                }
                bytes += n;
                progress.onProgress(bytes, total);
            }
            rows = check == null ? null : check.finish();
        } catch (IOException e) {
            throw SourceFailure.io(url.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SourceFailure.io(url.toString(), e);
        }
        if (total >= 0 && bytes != total) {
            throw SourceFailure.io(url.toString(), new IOException("received " + bytes + " of " + total + " bytes"));
        }
        return new Download(bytes, HexFormat.of().formatHex(digest.digest()), rows);
    }

    private <T> HttpResponse<T> send(
            String source, URI url, HttpResponse.BodyHandler<T> handler, ProgressListener progress) {
        return http.send(source, http.get(url), handler, progress, SourceHttp.Refusals.BY_STATUS);
    }
}
