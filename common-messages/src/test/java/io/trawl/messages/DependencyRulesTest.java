package io.trawl.messages;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The contracts stay free of frameworks: the JDK and Jackson annotations only. */
@AnalyzeClasses(packages = "io.trawl.messages", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule onlyJdkAndJacksonAnnotations = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.trawl.messages..", "java..", "com.fasterxml.jackson.annotation..");
}
