package io.trawl.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateScriptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"apply-event", "job-control", "cancel-tasks", "revive-task", "reserve-batch"})
    void everyScriptSpellsItsStatesAndErrorClassesAsJavaDefinesThem(String script) {
        String text =
                StateScripts.load("redis/" + script + ".lua", String.class).getScriptAsString();

        assertThat(text).doesNotContain("{{").contains("'");
    }

    @org.junit.jupiter.api.Test
    void aStateJavaDoesNotDefineOrABareLiteralFailsLoadingNamingTheScript() {
        assertThatThrownBy(() -> StateScripts.load("redis-test/unknown-state.lua", String.class))
                .hasMessage("redis-test/unknown-state.lua names {{JobState.RUNING}}, which Java does not define");
        assertThatThrownBy(() -> StateScripts.load("redis-test/bare-state.lua", String.class))
                .hasMessageContaining("redis-test/bare-state.lua writes the state 'RUNNING' as a literal");
    }
}
