package io.trawl.worker.candles;

import io.trawl.messages.CollectTask;
import io.trawl.sources.Intervals;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.OhlcvRules;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.Validated;
import io.trawl.worker.source.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.springframework.stereotype.Component;

/**
 * Validates normalized candles (gzip CSV in {@link RestCandleConnector#HEADER}'s schema) with the same OHLCV rules
 * as archives, and counts the gaps of a market that trades without pause (reported in the object's metadata,
 * never filled in).
 */
@Component
class CandleValidator implements Validator {

    static final String CONTENT_TYPE = "application/gzip";

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Validated validate(Fetched fetched, CollectTask task, SourceDefinition source) {
        boolean continuous = source.candles() == null || source.candles().continuous();
        OhlcvRules rules = new OhlcvRules(
                task.partition(),
                continuous ? Intervals.duration(task.interval()).toMillis() : 0);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(fetched.file()), 64 * 1024), StandardCharsets.US_ASCII))) {
            String header = in.readLine();
            if (!(header + "\n").equals(RestCandleConnector.HEADER)) {
                throw SourceFailure.invalidData(fetched.url(), "not normalized candles: header '" + header + "'");
            }
            long line = 1;
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                line++;
                String[] f = row.split(",", -1);
                if (f.length != 6) {
                    throw SourceFailure.invalidData(fetched.url(), "line " + line + " has " + f.length + " fields");
                }
                rules.check(
                        fetched.url(),
                        "candle at",
                        line,
                        Long.parseLong(f[0]),
                        Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]));
            }
        } catch (IOException e) {
            throw SourceFailure.invalidData(fetched.url(), "unreadable candles (" + e.getMessage() + ")");
        }
        return rules.result(fetched);
    }
}
