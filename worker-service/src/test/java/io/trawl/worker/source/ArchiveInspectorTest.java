package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveInspectorTest {

    @TempDir
    Path dir;

    @Test
    void countsKlineRowsSkippingAHeader() throws IOException {
        Path zip = zip("a.csv", "open_time,open,high,low,close,volume\n1,1.0,2.0,0.5,1.5,10\n2,1.5,2.5,1.0,2.0,11\n");

        assertThat(ArchiveInspector.countRows("u", zip)).isEqualTo(2);
    }

    @Test
    void rejectsArchiveWithoutCsv() throws IOException {
        Path zip = zip("readme.txt", "hello");

        assertThatThrownBy(() -> ArchiveInspector.countRows("u", zip))
                .isInstanceOfSatisfying(
                        SourceFailure.class, f -> assertThat(f.errorClass()).isEqualTo("InvalidData"))
                .hasMessageContaining("holds no .csv file");
    }

    @Test
    void rejectsNonNumericFieldNamingLineAndField() throws IOException {
        Path zip = zip("a.csv", "1,1.0,2.0,0.5,1.5,10\n2,1.5,oops,1.0,2.0,11\n");

        assertThatThrownBy(() -> ArchiveInspector.countRows("u", zip))
                .hasMessageContaining("a.csv line 2 field 3 is not a number: 'oops'");
    }

    @Test
    void rejectsBytesThatAreNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("x.zip"), "<html>error page</html>");

        assertThatThrownBy(() -> ArchiveInspector.countRows("u", file)).hasMessageContaining("not a readable zip");
    }

    private Path zip(String entry, String content) throws IOException {
        Path file = dir.resolve("archive-" + entry + ".zip");
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }
}
