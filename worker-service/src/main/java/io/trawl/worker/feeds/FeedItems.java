package io.trawl.worker.feeds;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One feed item in the stored schema (JSON Lines, one object per line): {@code id}, {@code title}, {@code link},
 * {@code published}, {@code updated} (ISO-8601 UTC or null), {@code author}, {@code summary},
 * {@code categories}, {@code source} and {@code fetchedAt}.
 */
final class FeedItems {

    private FeedItems() {}

    /** The item's identity across runs: its guid/id, else its link and date, else its title. */
    static String id(SyndEntry entry) {
        if (entry.getUri() != null && !entry.getUri().isBlank()) {
            return entry.getUri().strip();
        }
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        String link = entry.getLink() == null ? "" : entry.getLink().strip();
        if (!link.isEmpty()) {
            return date == null ? link : link + "@" + date.toInstant();
        }
        return "title:" + (entry.getTitle() == null ? "" : entry.getTitle().strip()) + "@" + date;
    }

    static Map<String, Object> of(SyndEntry entry, String id, String source, Instant fetchedAt) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("title", entry.getTitle());
        item.put("link", entry.getLink());
        item.put("published", instant(entry.getPublishedDate()));
        item.put("updated", instant(entry.getUpdatedDate()));
        item.put("author", entry.getAuthor() == null || entry.getAuthor().isBlank() ? null : entry.getAuthor());
        SyndContent description = entry.getDescription();
        item.put("summary", description == null ? null : description.getValue());
        List<String> categories =
                entry.getCategories().stream().map(SyndCategory::getName).toList();
        item.put("categories", categories);
        item.put("source", source);
        item.put("fetchedAt", fetchedAt.toString());
        return item;
    }

    private static String instant(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
