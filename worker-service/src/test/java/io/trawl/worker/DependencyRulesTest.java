package io.trawl.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Connectors know nothing of messaging or storage; only execution ties the features together. */
@AnalyzeClasses(packages = "io.trawl.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule sourcesDoNotKnowMessagingOrStorage = noClasses()
            .that()
            .resideInAnyPackage("..worker.source..", "..worker.candles..", "..worker.feeds..", "..worker.files..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..worker.execution..", "..worker.events..", "..worker.storage..", "org.springframework.amqp..");

    /** The SPI and the archive kind know no other kind: a kind is added beside them, never into them. */
    @ArchTest
    static final ArchRule theSpiKnowsNoOtherKind = noClasses()
            .that()
            .resideInAPackage("..worker.source..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..worker.candles..", "..worker.feeds..", "..worker.files..");

    @ArchTest
    static final ArchRule featuresDoNotReachIntoExecution = noClasses()
            .that()
            .resideInAnyPackage(
                    "..worker.storage..",
                    "..worker.events..",
                    "..worker.source..",
                    "..worker.candles..",
                    "..worker.feeds..",
                    "..worker.files..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..worker.execution..");

    /** Execution knows the connector SPI only: adding a kind of source never touches it. */
    @ArchTest
    static final ArchRule executionKnowsNoConnectorImplementation = noClasses()
            .that()
            .resideInAPackage("..worker.execution..")
            .should()
            .dependOnClassesThat()
            .implement(io.trawl.worker.source.Connector.class)
            .orShould()
            .dependOnClassesThat()
            .implement(io.trawl.worker.source.Validator.class);

    @ArchTest
    static final ArchRule workerNeverDependsOnTheOrchestrator =
            noClasses().should().dependOnClassesThat().resideInAPackage("io.trawl.orchestrator..");
}
