package io.trawl.messages;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What every batch message ({@link TaskBundle}, {@link EventBatch}) holds: 1 to {@link MessageTypes#MAX_BATCH}
 * members of one job and one source, none twice. A batch that breaks a rule is refused naming it.
 */
final class BatchRules {

    /**
     * How a batch names itself in an error ({@code article} "a", {@code kind} "task", {@code container} "bundle":
     * "a task bundle holds one job's tasks") and reads a member's job, source and id.
     */
    record Shape<T>(
            String article,
            String kind,
            String container,
            Function<T, String> job,
            Function<T, String> source,
            Function<T, String> id) {

        /** E.g. "a task bundle": built only for an error. */
        String name() {
            return article + " " + kind + " " + container;
        }
    }

    private BatchRules() {}

    /** The members, unmodifiable, once they keep the rules. */
    static <T> List<T> checked(Shape<T> shape, List<T> members) {
        Require.present(shape.kind() + "s", members);
        if (members.isEmpty() || members.size() > MessageTypes.MAX_BATCH) {
            throw new IllegalArgumentException("%s holds 1 to %d %ss, not %d"
                    .formatted(shape.name(), MessageTypes.MAX_BATCH, shape.kind(), members.size()));
        }
        List<T> copy = List.copyOf(members);
        T first = copy.getFirst();
        Set<String> ids = new HashSet<>();
        for (T member : copy) {
            same(shape, "job", shape.job(), member, first);
            same(shape, "source", shape.source(), member, first);
            if (!ids.add(shape.id().apply(member))) {
                throw new IllegalArgumentException("%s %s is twice in one %s"
                        .formatted(shape.kind(), excerpt(shape.id().apply(member)), shape.container()));
            }
        }
        return copy;
    }

    private static <T> void same(Shape<T> shape, String what, Function<T, String> read, T member, T first) {
        if (!read.apply(member).equals(read.apply(first))) {
            throw new IllegalArgumentException("%s holds one %s's %ss: %s beside %s"
                    .formatted(
                            shape.name(), what, shape.kind(), excerpt(read.apply(member)), excerpt(read.apply(first))));
        }
    }

    static String excerpt(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
