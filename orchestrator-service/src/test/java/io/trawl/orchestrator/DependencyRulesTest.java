package io.trawl.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package arrows: planning knows nothing of the API or storage; tracking knows nothing of the API. */
@AnalyzeClasses(packages = "io.trawl.orchestrator", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule planningIsPure = noClasses()
            .that()
            .resideInAPackage("..orchestrator.planning..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..orchestrator.collection..",
                    "..orchestrator.tracking..",
                    "..orchestrator.dispatch..",
                    "org.springframework..");

    @ArchTest
    static final ArchRule trackingDoesNotKnowTheApi = noClasses()
            .that()
            .resideInAPackage("..orchestrator.tracking..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..orchestrator.collection..", "..orchestrator.verification..");

    @ArchTest
    static final ArchRule dispatchDoesNotKnowTracking = noClasses()
            .that()
            .resideInAPackage("..orchestrator.dispatch..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..orchestrator.tracking..", "..orchestrator.collection..");
}
