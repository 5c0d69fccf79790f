package io.trawl.worker.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RobotsTxtTest {

    private static final String SITE = """
            User-agent: *
            Disallow: /private/
            Disallow: /*.pdf$
            Allow: /private/press/

            user-agent: googlebot
            disallow: /
            """;

    @Test
    void theLongestMatchingRuleDecidesAndAllowWinsATie() {
        RobotsTxt rules = RobotsTxt.parse(SITE, "Trawl");

        assertThat(rules.disallowingRule("/news/today")).isNull();
        assertThat(rules.disallowingRule("/private/a")).isEqualTo("disallow: /private/");
        assertThat(rules.disallowingRule("/private/press/a")).as("longer allow").isNull();
        assertThat(rules.disallowingRule("/doc/x.pdf")).isEqualTo("disallow: /*.pdf$");
        assertThat(rules.disallowingRule("/doc/x.pdf?v=2"))
                .as("$ anchors the end")
                .isNull();
        assertThat(RobotsTxt.parse("User-agent: *\nDisallow: /a\nAllow: /a\n", "Trawl")
                        .disallowingRule("/a"))
                .isNull();
    }

    @Test
    void aGroupNamingTrawlReplacesTheStarGroupsEvenWithoutRules() {
        String text = SITE + "\nUser-agent: Trawl\nDisallow: /feeds\n";

        RobotsTxt rules = RobotsTxt.parse(text, "Trawl");

        assertThat(rules.disallowingRule("/private/a")).isNull();
        assertThat(rules.disallowingRule("/feeds/x")).isEqualTo("disallow: /feeds");
        assertThat(RobotsTxt.parse("User-agent: trawl\nDisallow:\n\nUser-agent: *\nDisallow: /\n", "Trawl")
                        .disallowingRule("/x"))
                .as("an empty disallow for Trawl allows everything, whatever '*' says")
                .isNull();
    }

    @Test
    void groupsWithSeveralAgentsAndCommentsAreRead() {
        String text = "# hello\nUser-agent: a\nUser-agent: TRAWL # us\nDisallow: /x # no\n";

        assertThat(RobotsTxt.parse(text, "Trawl").disallowingRule("/x/1")).isEqualTo("disallow: /x");
        assertThat(RobotsTxt.ALLOW_ALL.disallowingRule("/anything")).isNull();
    }

    @Test
    void theProductTokenIsTheUserAgentsProduct() {
        assertThat(RobotsRules.productToken("Trawl/0.1 (+https://example.org)")).isEqualTo("Trawl");
        assertThat(RobotsRules.productToken("AcmeCollector")).isEqualTo("AcmeCollector");
    }
}
