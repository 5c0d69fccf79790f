package io.trawl.infra.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartBudgetTest {

    @Test
    void aLoneUploadGetsEveryPartConcurrentOnesShareTheSpareAndGetOneAtLeast() {
        PartBudget budget = new PartBudget(4);

        int first = budget.take();
        int second = budget.take();
        assertThat(first).isEqualTo(4);
        assertThat(second).as("nothing spare: one part at a time").isEqualTo(1);

        budget.giveBack(first);
        int third = budget.take();
        assertThat(third).isEqualTo(4);
        budget.giveBack(second);
        budget.giveBack(third);
        assertThat(budget.take()).isEqualTo(4);
    }

    @Test
    void oneAtATimeIsOneAtATime() {
        PartBudget budget = new PartBudget(1);

        assertThat(budget.take()).isEqualTo(1);
        assertThat(budget.take()).isEqualTo(1);
    }
}
