package io.trawl.orchestrator.redis;

import io.trawl.messages.ErrorClass;
import io.trawl.messages.JobState;
import io.trawl.messages.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads the orchestrator's Lua scripts with the states and error classes they compare spelled as the Java
 * definitions ({@code '{{JobState.RUNNING}}'}, {@code '{{TaskState.FAILED}}'}, {@code '{{ErrorClass.TIMEOUT}}'}):
 * one definition for both languages. A name the Java side does not define, or a state written as a bare literal,
 * fails loading, naming the script.
 */
public final class StateScripts {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{([A-Za-z]+)\\.([A-Z_]+)}}");
    private static final Map<String, String> NAMES = names();
    private static final Pattern BARE_STATE = Pattern.compile("'(" + String.join("|", bareStates()) + ")'");

    private StateScripts() {}

    public static <T> RedisScript<T> load(String resource, Class<T> result) {
        String text;
        try {
            text = new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        Matcher bare = BARE_STATE.matcher(text.replaceAll("(?m)^\\s*--.*$", ""));
        if (bare.find()) {
            throw new IllegalStateException(resource + " writes the state " + bare.group()
                    + " as a literal; use {{JobState.…}} or" + " {{TaskState.…}}");
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = NAMES.get(m.group(1) + "." + m.group(2));
            if (value == null) {
                throw new IllegalStateException(resource + " names " + m.group() + ", which Java does not define");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return RedisScript.of(out.toString(), result);
    }

    private static Map<String, String> names() {
        Map<String, String> names = new HashMap<>();
        for (JobState state : JobState.values()) {
            names.put("JobState." + state.name(), state.name());
        }
        for (TaskState state : TaskState.values()) {
            names.put("TaskState." + state.name(), state.name());
        }
        for (Field field : ErrorClass.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.put("ErrorClass." + field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static java.util.Set<String> bareStates() {
        java.util.Set<String> states = new java.util.TreeSet<>();
        for (JobState state : JobState.values()) {
            states.add(state.name());
        }
        for (TaskState state : TaskState.values()) {
            states.add(state.name());
        }
        return states;
    }
}
