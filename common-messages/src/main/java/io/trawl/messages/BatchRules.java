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
     * How a batch names itself ("a task bundle") and its members ("task", "tasks") in an error, and reads a member's
     * job, source and id.
     */
    record Shape<T>(
            String batch, String member, Function<T, String> job, Function<T, String> source, Function<T, String> id) {

        String members() {
            return member + "s";
        }
    }

    private BatchRules() {}

    /** The members, unmodifiable, once they keep the rules. */
    static <T> List<T> checked(Shape<T> shape, List<T> members) {
        Require.present(shape.members(), members);
        if (members.isEmpty() || members.size() > MessageTypes.MAX_BATCH) {
            throw new IllegalArgumentException("%s holds 1 to %d %s, not %d"
                    .formatted(shape.batch(), MessageTypes.MAX_BATCH, shape.members(), members.size()));
        }
        List<T> copy = List.copyOf(members);
        T first = copy.getFirst();
        Set<String> ids = new HashSet<>();
        for (T member : copy) {
            if (!shape.job().apply(member).equals(shape.job().apply(first))) {
                throw new IllegalArgumentException("%s holds one job's %s: %s beside %s"
                        .formatted(
                                shape.batch(),
                                shape.members(),
                                excerpt(shape.job().apply(member)),
                                excerpt(shape.job().apply(first))));
            }
            if (!shape.source().apply(member).equals(shape.source().apply(first))) {
                throw new IllegalArgumentException("%s holds one source's %s: %s beside %s"
                        .formatted(
                                shape.batch(),
                                shape.members(),
                                excerpt(shape.source().apply(member)),
                                excerpt(shape.source().apply(first))));
            }
            if (!ids.add(shape.id().apply(member))) {
                throw new IllegalArgumentException("%s %s is twice in one %s"
                        .formatted(
                                shape.member(),
                                excerpt(shape.id().apply(member)),
                                shape.batch().substring(shape.batch().lastIndexOf(' ') + 1)));
            }
        }
        return copy;
    }

    static String excerpt(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
